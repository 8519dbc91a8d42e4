"use client";

import Link from "next/link";
import type { DrillView } from "@/lib/drills/drill-view";
import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { DrillChecks, DrillRowCounts, DrillTimings } from "@/components/drills/drill-report";
import { drillActive, useDrill } from "@/components/drills/drill-queries";
import { drillPhaseLabel, drillStatus } from "@/components/drills/drill-status";
import { LoadFailure } from "@/components/ui/load-failure";
import { PageHeader } from "@/components/ui/page-header";
import { SectionHeading } from "@/components/ui/section-heading";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";

export function DrillClient({ id }: { id: string }) {
  const drill = useDrill(id);
  if (!drill.data) {
    if (drill.isError) return <LoadFailure error={drill.error} what="drill" backHref="/clusters" backLabel="← Back to clusters" />;
    return <p className="text-sm text-neutral-500">Loading drill…</p>;
  }
  const d = drill.data;
  const status = drillStatus(d.status);
  return (
    <>
      <PageHeader
        back={
          <Link href={`/clusters/${encodeURIComponent(d.clusterId)}`} className="text-sky-800 hover:underline">
            ← {d.clusterName}
          </Link>
        }
        title="Restore drill"
        summary={
          <span className="flex flex-wrap items-center gap-2">
            <StatusBadge tone={status.tone}>{status.label}</StatusBadge>
            {drillActive(d) ? <span>{drillPhaseLabel(d.job?.phase)}</span> : null}
            <span>
              {d.target === "latest" ? "To the latest archived WAL" : `To restore point ${d.restorePoint ?? "(being created)"}`}, started{" "}
              <Time iso={d.job?.startedAt ?? d.createdAt} />
              {d.requestedBy ? ` by ${d.requestedBy}` : ""}.
            </span>
          </span>
        }
      />
      <div className="space-y-5">
        {drill.isError ? (
          <ErrorAlert title="Could not refresh this drill; showing the last known state." message={errorMessage(drill.error)} />
        ) : null}
        {d.status === "failed" ? <Failure drill={d} /> : null}
        {d.checks ? (
          <section aria-labelledby="checks-heading">
            <SectionHeading id="checks-heading">Checks</SectionHeading>
            <DrillChecks checks={d.checks} />
          </section>
        ) : null}
        <section aria-labelledby="timings-heading">
          <SectionHeading id="timings-heading">Recovery time</SectionHeading>
          <DrillTimings drill={d} />
        </section>
        {d.rowCounts ? (
          <section aria-labelledby="rows-heading">
            <SectionHeading id="rows-heading">Row counts: production and restored copy</SectionHeading>
            <DrillRowCounts rows={d.rowCounts} tolerancePct={d.tolerancePct} />
          </section>
        ) : null}
        <section aria-labelledby="details-heading">
          <SectionHeading id="details-heading">Details</SectionHeading>
          <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-1.5 rounded border border-neutral-200 bg-white px-3 py-2.5 text-sm">
            <dt className="text-neutral-500">Backup</dt>
            <dd className="font-mono text-[0.8125rem] break-all">
              {d.backupId ? (
                <Link href={`/backups/${d.backupId}`} className="text-sky-800 hover:underline">
                  {d.backupId}
                </Link>
              ) : (
                "—"
              )}
            </dd>
            <dt className="text-neutral-500">Target LSN</dt>
            <dd className="font-mono text-[0.8125rem]">{d.targetLsn ?? "—"}</dd>
            <dt className="text-neutral-500">Reached LSN</dt>
            <dd className="font-mono text-[0.8125rem]">{d.reachedLsn ?? "—"}</dd>
            <dt className="text-neutral-500">Throwaway copy</dt>
            <dd className="font-mono text-[0.8125rem] break-all">{d.dataDir ? `${d.dataDir}, port ${d.port}` : "—"}</dd>
            <dt className="text-neutral-500">Removed</dt>
            <dd>{d.cleanedUpAt ? <Time iso={d.cleanedUpAt} /> : drillActive(d) ? "not yet (the drill is running)" : "—"}</dd>
          </dl>
        </section>
      </div>
    </>
  );
}

function Failure({ drill: d }: { drill: DrillView }) {
  return (
    <div className="space-y-2">
      <div role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
        <p className="font-medium">The drill failed.</p>
        <p className="break-words">{d.error ?? "No reason was recorded."}</p>
      </div>
      {d.logTail ? (
        <pre
          aria-label="PostgreSQL log"
          tabIndex={0}
          className="max-h-[32rem] overflow-auto rounded bg-neutral-900 px-3 py-2 font-mono text-xs whitespace-pre-wrap break-words text-neutral-100"
        >
          {d.logTail}
        </pre>
      ) : null}
    </div>
  );
}
