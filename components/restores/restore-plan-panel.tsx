import Link from "next/link";
import type { RestorePlanView } from "@/lib/restores/request-restore";
import type { BackupView } from "@/lib/backups/backup-view";
import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { formatBytes, formatEstimate, formatExactBytes } from "@/components/ui/format";
import type { RestoreRefusal } from "@/components/restores/restore-refusal";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";

export type PlanState =
  | { state: "incomplete"; message: string }
  | { state: "loading" }
  | { state: "plan"; plan: RestorePlanView; updating: boolean }
  | { state: "refused"; refusal: RestoreRefusal }
  | { state: "error"; error: unknown };

/**
 * The dry run's answer, kept next to the form as it is filled in: which backup and why, how much
 * WAL to replay, where the copy goes, how long it should take; or why the target is refused, with
 * the nearest recoverable moments (`nearest` renders their buttons).
 */
export function RestorePlanPanel({
  plan,
  backups,
  nearest,
}: {
  plan: PlanState;
  backups: readonly BackupView[];
  nearest: React.ReactNode;
}) {
  return (
    <section aria-labelledby="plan-heading" className="rounded border border-neutral-200 bg-white px-4 py-3 text-sm">
      <h2 id="plan-heading" className="mb-2 flex items-center gap-2 text-sm font-semibold uppercase tracking-wide text-neutral-500">
        Plan
        {plan.state === "loading" || (plan.state === "plan" && plan.updating) ? (
          <span className="text-xs font-normal normal-case tracking-normal">updating…</span>
        ) : null}
      </h2>
      <div aria-live="polite">
        <PlanBody plan={plan} backups={backups} nearest={nearest} />
      </div>
    </section>
  );
}

function PlanBody({ plan, backups, nearest }: { plan: PlanState; backups: readonly BackupView[]; nearest: React.ReactNode }) {
  switch (plan.state) {
    case "incomplete":
      return <p className="text-neutral-600">{plan.message}</p>;
    case "loading":
      return <p className="text-neutral-500">Working out the plan…</p>;
    case "error":
      return <ErrorAlert title="Could not work out the plan." message={errorMessage(plan.error)} />;
    case "refused":
      return (
        <div className="space-y-2">
          <p className="font-medium text-red-900">This target cannot be restored.</p>
          <p className="text-red-900">{plan.refusal.message}</p>
          {nearest}
        </div>
      );
    case "plan":
      return <PlanFacts plan={plan.plan} backup={backups.find((b) => b.id === plan.plan.backupId) ?? null} />;
  }
}

function PlanFacts({ plan, backup }: { plan: RestorePlanView; backup: BackupView | null }) {
  return (
    <dl className="grid grid-cols-[8rem_minmax(0,1fr)] gap-x-3 gap-y-1.5">
      <dt className="text-neutral-500">Backup</dt>
      <dd>
        <Link href={`/backups/${encodeURIComponent(plan.backupId)}`} className="font-mono text-xs text-sky-800 hover:underline">
          {backup?.label ?? plan.backupId}
        </Link>
        {backup?.stopTime ? (
          <>
            {" "}
            consistent at <Time iso={backup.stopTime} />
          </>
        ) : null}
        <p className="mt-0.5 text-neutral-600">{plan.reason}</p>
      </dd>
      <dt className="text-neutral-500">Reads from</dt>
      <dd data-testid="plan-repository">
        {plan.repositories.find((r) => r.repositoryId === plan.repositoryId)?.name ?? plan.repositoryId}
        <p className="mt-0.5 text-neutral-600">{plan.repositoryReason === "chosen" ? "as chosen" : plan.repositoryReason}</p>
      </dd>
      <dt className="text-neutral-500">WAL to replay</dt>
      <dd className="tabular-nums" title={formatExactBytes(plan.walBytesToReplay)}>
        {formatBytes(plan.walBytesToReplay)}
        {plan.walBytesToReplay >= 1000 ? (
          <span className="text-neutral-500"> ({plan.walBytesToReplay.toLocaleString("en-US")} bytes)</span>
        ) : null}
        {plan.targetLsn ? (
          <span className="text-neutral-500">
            {" "}
            to LSN <span className="font-mono text-xs">{plan.targetLsn}</span>
          </span>
        ) : null}
        <span className="text-neutral-500">, timeline {plan.timeline}</span>
      </dd>
      <dt className="text-neutral-500">Destination</dt>
      <dd>
        <span className="font-mono text-xs break-all">{plan.dataDir}</span>, port <span className="font-mono text-xs">{plan.port}</span>
      </dd>
      <dt className="text-neutral-500">Estimated time</dt>
      <dd>
        <Estimate estimate={plan.estimate} />
      </dd>
    </dl>
  );
}

function Estimate({ estimate }: { estimate: RestorePlanView["estimate"] }) {
  if (!estimate) return <span className="text-neutral-500">Not known</span>;
  return (
    <>
      <span className="tabular-nums">{formatEstimate(estimate.seconds)}</span> {/* The detail says what each part was measured from. */}
      {estimate.basis === "measured" ? (
        <StatusBadge tone="green">measured</StatusBadge>
      ) : (
        <StatusBadge tone="amber">rough estimate</StatusBadge>
      )}
      <p className="mt-0.5 text-xs text-neutral-500">{estimate.detail}</p>
    </>
  );
}
