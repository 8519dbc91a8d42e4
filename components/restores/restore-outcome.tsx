import type { RestoreView } from "@/lib/restores/restore-view";
import { CopyButton } from "@/components/ui/copy-button";
import { formatBytes } from "@/components/ui/format";
import { PhaseTimings } from "@/components/jobs/phase-timings";

/** How long each phase took: base restore, WAL replay, verification, and the whole restore. */
export function RestoreTimings({ restore: r }: { restore: RestoreView }) {
  return (
    <PhaseTimings
      label="Phase timings"
      rows={[
        ["Base restore", r.timings.baseMs, r.baseBytes === null ? null : formatBytes(r.baseBytes)],
        ["WAL replay", r.timings.replayMs, r.walBytes === null ? null : `${formatBytes(r.walBytes)} of WAL`],
        ["Verify", r.timings.verifyMs, null],
        ["Total", r.timings.totalMs, null],
      ]}
    />
  );
}

/** Where the restored copy answers, ready to paste into psql. */
export function ConnectionString({ value }: { value: string }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <pre
        aria-label="Connection string"
        className="min-w-0 flex-1 overflow-x-auto rounded bg-neutral-900 px-3 py-2 font-mono text-sm whitespace-pre text-neutral-100"
      >
        {value}
      </pre>
      <CopyButton text={value} label="Copy connection string" />
    </div>
  );
}

/** Rows per table in the restored copy, counted after recovery, for checking it holds what you expect. */
export function RowCountsTable({ rows }: { rows: NonNullable<RestoreView["rowCounts"]> }) {
  return (
    <div className="max-h-[28rem] overflow-auto rounded border border-neutral-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Row counts</caption>
        <thead className="sticky top-0 border-b border-neutral-200 bg-neutral-50 text-xs uppercase tracking-wide text-neutral-500">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Database
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Table
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Rows
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-neutral-100">
          {rows.map((r) => (
            <tr key={`${r.database}.${r.table}`}>
              <td className="px-3 py-1.5 font-mono text-xs">{r.database}</td>
              <td className="px-3 py-1.5 font-mono text-xs">{r.table}</td>
              <td className="px-3 py-1.5 text-right tabular-nums">{r.rows.toLocaleString("en-US")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
