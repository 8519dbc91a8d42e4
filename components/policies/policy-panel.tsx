"use client";

import Link from "next/link";
import { useState } from "react";
import type { ClusterScheduleView } from "@/lib/policies/get-cluster-schedule";
import type { RetentionRunView } from "@/lib/retention/retention-view";
import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { formatAgo, formatBytes, formatInZone } from "@/components/ui/format";
import { useAssignPolicy, useClusterSchedule, useEnforceRetention, usePolicies } from "@/components/policies/policy-queries";
import { SectionHeading } from "@/components/ui/section-heading";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";

const KIND_LABEL: Record<string, string> = {
  backup: "Full backup",
  verify: "Verification",
  drill: "Restore drill",
  retention: "Retention",
  dump: "Logical dump",
};

/**
 * The cluster page's policy: which one (admins choose), the next runs of each schedule, each
 * schedule's last run (a run missed while no worker ran says so), and the last enforcement with
 * what it removed.
 */
export function PolicyPanel({ clusterId, canManage }: { clusterId: string; canManage: boolean }) {
  const schedule = useClusterSchedule(clusterId);
  const s = schedule.data;
  return (
    <section aria-labelledby="policy-heading" className="space-y-3">
      <SectionHeading id="policy-heading">Policy</SectionHeading>
      {schedule.isError ? <ErrorAlert title="Could not load the policy." message={errorMessage(schedule.error)} /> : null}
      {s ? (
        <>
          <p className="text-sm">
            {s.policy ? (
              <>
                Follows{" "}
                <Link href={`/policies/${encodeURIComponent(s.policy.id)}`} className="font-medium text-sky-800 hover:underline">
                  {s.policy.name}
                </Link>{" "}
                <span className="text-neutral-500">({s.policy.timeZone})</span>.
              </>
            ) : (
              "No policy: nothing runs on a schedule and no backup expires."
            )}
          </p>
          {canManage ? <ChoosePolicy clusterId={clusterId} current={s.policy?.id ?? null} /> : null}
          <NextRuns schedule={s} />
          {s.lastEnforcement ? <LastEnforcement run={s.lastEnforcement} /> : null}
          {canManage && s.policy ? <EnforceNow clusterId={clusterId} /> : null}
        </>
      ) : null}
    </section>
  );
}

function ChoosePolicy({ clusterId, current }: { clusterId: string; current: string | null }) {
  const policies = usePolicies();
  const assign = useAssignPolicy(clusterId);
  const [choice, setChoice] = useState(current ?? "");
  return (
    <form
      className="flex flex-wrap items-end gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        assign.mutate(choice === "" ? null : choice);
      }}
    >
      <label className="flex flex-col gap-1">
        <span className="text-neutral-600">Policy</span>
        <select value={choice} onChange={(e) => setChoice(e.target.value)} className="rounded border border-neutral-300 px-2 py-1.5">
          <option value="">None</option>
          {(policies.data ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className={buttonClass()} disabled={assign.isPending || choice === (current ?? "")}>
        Apply
      </button>
      <ErrorAlert message={assign.error ? errorMessage(assign.error) : null} />
    </form>
  );
}

function NextRuns({ schedule: s }: { schedule: ClusterScheduleView }) {
  if (s.schedules.length === 0) return null;
  const last = new Map(s.lastRuns.map((r) => [r.kind, r]));
  return (
    <table className="w-full text-left text-sm" data-testid="next-runs">
      <thead className="text-xs uppercase text-neutral-500">
        <tr>
          <th className="py-1 pr-3 font-medium">Schedule</th>
          <th className="py-1 pr-3 font-medium">Next run</th>
          <th className="py-1 font-medium">Last run</th>
        </tr>
      </thead>
      <tbody>
        {s.schedules.map((sch) => {
          const run = last.get(sch.kind);
          return (
            <tr key={sch.kind} className="border-t border-neutral-100 align-top">
              <td className="py-1 pr-3">
                {KIND_LABEL[sch.kind]} <code className="font-mono text-xs text-neutral-500">{sch.cron}</code>
              </td>
              <td
                className="py-1 pr-3 tabular-nums"
                title={sch.nextRuns
                  .slice(1)
                  .map((r) => formatInZone(r, s.policy!.timeZone))
                  .join("\n")}
              >
                {sch.nextRuns[0] ? formatInZone(sch.nextRuns[0], s.policy!.timeZone) : "—"}
              </td>
              <td className="py-1">
                {run ? (
                  <span className="flex flex-wrap items-center gap-2">
                    <span className="text-neutral-700">
                      {formatAgo(run.ranAt)}: {run.outcome}
                    </span>
                    {run.missed > 0 ? (
                      <StatusBadge tone="amber">
                        {run.missed} run{run.missed === 1 ? "" : "s"} missed while no worker ran (due <Time iso={run.dueAt} />)
                      </StatusBadge>
                    ) : null}
                  </span>
                ) : (
                  <span className="text-neutral-500">Not yet</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function LastEnforcement({ run }: { run: RetentionRunView }) {
  const removed = run.expiries.filter((e) => e.kind === "backup" || e.kind === "dump");
  return (
    <div className="space-y-1 text-sm" data-testid="last-enforcement">
      <p>
        Last enforcement {formatAgo(run.startedAt)}:{" "}
        {run.status === "running" ? (
          "running…"
        ) : run.status === "failed" ? (
          <span className="text-red-800">failed: {run.error}</span>
        ) : (
          <>
            {run.backupsExpired} backup{run.backupsExpired === 1 ? "" : "s"}, {run.dumpsExpired} dump{run.dumpsExpired === 1 ? "" : "s"} and{" "}
            {run.walFilesRemoved} WAL file{run.walFilesRemoved === 1 ? "" : "s"} removed ({formatBytes(run.bytesRemoved)}).
          </>
        )}
      </p>
      {run.stopped ? <p className="text-amber-900">{run.stopped}</p> : null}
      {removed.length > 0 ? (
        <ul className="list-disc pl-5 text-neutral-700">
          {removed.map((e) => (
            <li key={e.backupId ?? e.dumpId}>
              {e.kind === "dump" ? "Dump of " : "Backup "}
              <span className="font-mono text-xs">{e.label}</span> (<Time iso={e.takenAt} />
              ): {e.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function EnforceNow({ clusterId }: { clusterId: string }) {
  const enforce = useEnforceRetention(clusterId);
  return (
    <div className="space-y-1">
      <button type="button" className={buttonClass()} disabled={enforce.isPending} onClick={() => enforce.mutate()}>
        Enforce retention now
      </button>
      <ErrorAlert message={enforce.error ? errorMessage(enforce.error) : null} />
    </div>
  );
}
