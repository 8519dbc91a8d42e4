"use client";

import type { TableRestoreResult } from "@/lib/domain/table-restore";
import type { TableRestoreView } from "@/lib/table-restores/table-restore-view";
import { JobProgress } from "@/components/jobs/job-progress";
import { BYTE_PHASES, describeTarget, restorePhaseLabel, restoreStatus } from "@/components/restores/restore-status";
import { CopyButton } from "@/components/ui/copy-button";
import { FailureText } from "@/components/ui/failure-text";
import { formatDuration } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { missingRowsHref } from "@/components/table-restores/table-restore-queries";

const PHASES: Record<string, string> = {
  load: "Loading the tables into production",
  compare: "Comparing with the live tables",
  "clean up": "Removing the copy",
};

/** A table restore: progress while it runs, then row counts per table, the difference and how to put rows back. */
export function TableRestoreResultView({ tableRestore: t, measuredAt }: { tableRestore: TableRestoreView; measuredAt: number }) {
  const status = restoreStatus(t.status);
  const phase = t.job?.phase ?? null;
  const running = t.status === "running" && t.job?.status === "running";
  return (
    <div className="space-y-5">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-neutral-500">Status</dt>
        <dd>
          <StatusBadge tone={status.tone}>{status.label}</StatusBadge>
        </dd>
        <dt className="text-neutral-500">Target</dt>
        <dd>{describeTarget(t.target)}</dd>
        <dt className="text-neutral-500">Tables</dt>
        <dd className="font-mono">{t.tables.join(", ")}</dd>
        <dt className="text-neutral-500">Into</dt>
        <dd>{t.destination === "schema" ? `schema ${t.destinationName} of ${t.database}` : `new database ${t.destinationName}`}</dd>
        <dt className="text-neutral-500">Plan</dt>
        <dd>{t.planReason}</dd>
        {t.finishedAt ? (
          <>
            <dt className="text-neutral-500">Took</dt>
            <dd>
              base {formatDuration(t.timings.baseMs)}, replay {formatDuration(t.timings.replayMs)}, load {formatDuration(t.timings.loadMs)}
            </dd>
          </>
        ) : null}
      </dl>
      {t.status === "queued" || t.status === "running" ? (
        <JobProgress
          id="table-restore-progress"
          title="Progress"
          barLabel="Table restore progress"
          header={
            <StatusBadge tone={running ? "blue" : "grey"}>
              {running ? (PHASES[phase ?? ""] ?? restorePhaseLabel(phase)) : "Queued"}
            </StatusBadge>
          }
          job={t.job}
          bytes={running && phase !== null && BYTE_PHASES.has(phase)}
          measuredAt={measuredAt}
        />
      ) : null}
      {t.error ? <FailureText error={t.error} /> : null}
      {t.results ? <ResultsTable t={t} results={t.results} /> : null}
      {t.results?.map((r) => (r.diff?.ok && r.diff.missing > 0 ? <PutBack key={r.table} result={r} /> : null))}
    </div>
  );
}

function ResultsTable({ t, results }: { t: TableRestoreView; results: TableRestoreResult[] }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="mb-2 text-left text-sm font-semibold text-neutral-800">Rows</caption>
      <thead className="text-xs uppercase text-neutral-500">
        <tr>
          <th scope="col">Table</th>
          <th scope="col">Restored as</th>
          <th scope="col" className="text-right">
            At the target
          </th>
          <th scope="col" className="text-right">
            Restored
          </th>
          <th scope="col" className="text-right">
            Live now
          </th>
          {t.diff ? <th scope="col">Missing from live</th> : null}
        </tr>
      </thead>
      <tbody className="tabular-nums">
        {results.map((r) => (
          <tr key={r.table} className="border-t border-neutral-200">
            <td className="font-mono">{r.table}</td>
            <td className="font-mono">{r.restoredAs}</td>
            <td className="text-right">{r.rowsAtTarget}</td>
            <td className="text-right" data-testid={`restored-rows-${r.table}`}>
              {r.rowsRestored}
            </td>
            <td className="text-right">{r.rowsLive ?? "table gone"}</td>
            {t.diff ? (
              <td>
                {r.diff === null ? null : r.diff.ok ? (
                  <>
                    {r.diff.missing}{" "}
                    {r.diff.missing > 0 ? (
                      <a className="text-sky-800 hover:underline" href={missingRowsHref(t.clusterId, t.id, r.table)}>
                        CSV
                      </a>
                    ) : null}
                  </>
                ) : (
                  <span className="text-neutral-600">{r.diff.reason}</span>
                )}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PutBack({ result }: { result: TableRestoreResult }) {
  if (!result.diff?.ok) return null;
  return (
    <section aria-label={`Put back ${result.table}`} className="space-y-2">
      <h2 className="text-sm font-semibold text-neutral-800">
        Put the {result.diff.missing} missing rows back into {result.table}
      </h2>
      <p className="text-xs text-neutral-600">
        Wayback never runs this. Read it, then run it on production yourself; running it twice adds nothing.
      </p>
      <pre className="overflow-x-auto rounded bg-neutral-100 p-3 font-mono text-xs">{result.diff.putBack}</pre>
      <CopyButton text={result.diff.putBack} label={`Copy the INSERT for ${result.table}`} />
    </section>
  );
}
