"use client";

import Link from "next/link";
import type { RestoreView } from "@/lib/restores/restore-view";
import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { splitFirstLine } from "@/components/ui/failure-text";
import { LoadFailure } from "@/components/ui/load-failure";
import { PageHeader } from "@/components/ui/page-header";
import { ConnectionString, RestoreTimings, RowCountsTable } from "@/components/restores/restore-outcome";
import { RestoreActions } from "@/components/restores/restore-actions";
import { RestoreProgress } from "@/components/restores/restore-progress";
import { restoreActive, useRestore } from "@/components/restores/restore-queries";
import { restoreStatus } from "@/components/restores/restore-status";
import { RestoreSummary } from "@/components/restores/restore-summary";
import { SectionHeading } from "@/components/ui/section-heading";
import { StatusBadge } from "@/components/ui/status-badge";

export function RestoreClient({ id }: { id: string }) {
  const restore = useRestore(id);

  if (!restore.data) {
    if (restore.isError) return <LoadFailure error={restore.error} what="restore" backHref="/restores" backLabel="← Back to restores" />;
    return <p className="text-sm text-neutral-500">Loading restore…</p>;
  }

  const r = restore.data;
  const status = restoreStatus(r.status);
  const finished = r.status === "complete" || r.status === "paused" || r.status === "failed" || r.status === "discarded";
  return (
    <>
      <PageHeader
        back={
          <span className="flex gap-3">
            <Link href="/restores" className="text-sky-800 hover:underline">
              ← Restores
            </Link>
            <Link href={`/clusters/${encodeURIComponent(r.clusterId)}`} className="text-sky-800 hover:underline">
              {r.clusterName}
            </Link>
          </span>
        }
        title="Restore"
        summary={
          <span className="flex flex-wrap items-center gap-2">
            <StatusBadge tone={status.tone}>{status.label}</StatusBadge>
            <span>
              Point-in-time restore of {r.clusterName} {r.destination === "in_place" ? "in place" : "into a new instance"}.
            </span>
          </span>
        }
      />

      <div className="space-y-5">
        {restore.isError ? (
          <ErrorAlert title="Could not refresh this restore; showing the last known state." message={errorMessage(restore.error)} />
        ) : null}
        {restoreActive(r) ? <RestoreProgress restore={r} measuredAt={restore.dataUpdatedAt} /> : null}
        {r.status === "failed" ? <Failure restore={r} /> : null}
        {r.status === "paused" ? (
          <p role="status" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
            Recovery is paused at the target and the copy has not been promoted: connect and check it before you use it.
          </p>
        ) : null}

        <RestoreActions restore={r} />

        {r.connectionString ? (
          <section aria-labelledby="connect-heading">
            <SectionHeading id="connect-heading">Connect</SectionHeading>
            <ConnectionString value={r.connectionString} />
          </section>
        ) : null}

        <section aria-labelledby="summary-heading">
          <SectionHeading id="summary-heading">Summary</SectionHeading>
          <RestoreSummary restore={r} />
        </section>

        {finished ? (
          <section aria-labelledby="timings-heading">
            <SectionHeading id="timings-heading">Timings</SectionHeading>
            <RestoreTimings restore={r} />
          </section>
        ) : null}

        {r.rowCounts ? (
          <section aria-labelledby="rows-heading">
            <SectionHeading id="rows-heading">Tables</SectionHeading>
            {r.rowCounts.length > 0 ? (
              <RowCountsTable rows={r.rowCounts} />
            ) : (
              <p className="text-sm text-neutral-500">The restored copy has no user tables.</p>
            )}
          </section>
        ) : null}
      </div>
    </>
  );
}

function Failure({ restore: r }: { restore: RestoreView }) {
  const error = r.error ? splitFirstLine(r.error) : null;
  return (
    // No heading here: the page's only heading with "restore" in it is "Restore".
    <div className="space-y-2">
      <div role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
        <p className="font-medium">The restore failed.</p>
        <p className="break-words">{error?.first ?? "No error was recorded."}</p>
      </div>
      {error?.rest ? <Disclosure summary="Full error message" label="Full error message" text={error.rest} /> : null}
      {r.logTail ? (
        <Disclosure summary="PostgreSQL log (last lines)" label="PostgreSQL log" text={r.logTail} />
      ) : (
        <p className="text-sm text-neutral-500">PostgreSQL wrote no log for this restore.</p>
      )}
    </div>
  );
}

function Disclosure({ summary, label, text }: { summary: string; label: string; text: string }) {
  return (
    <details className="rounded border border-neutral-200 bg-white px-3 py-2 text-sm">
      <summary className="cursor-pointer font-medium text-neutral-700 hover:text-neutral-900">{summary}</summary>
      <pre
        aria-label={label}
        tabIndex={0}
        className="mt-2 max-h-[32rem] overflow-auto rounded bg-neutral-900 px-3 py-2 font-mono text-xs leading-relaxed whitespace-pre-wrap break-words text-neutral-100"
      >
        {text}
      </pre>
    </details>
  );
}
