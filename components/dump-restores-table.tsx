import type { DumpRestoreView } from "@/lib/views/dump-view";
import { DataTable } from "@/components/data-table";
import { dumpPhaseLabel, dumpRestoreStatus } from "@/components/dump-status";
import { formatDuration } from "@/components/format";
import { StatusBadge } from "@/components/status-badge";
import { Time } from "@/components/time";

/** Restores of one dump: where to, what was chosen, and every error pg_restore (or psql) printed. */
export function DumpRestoresTable({ restores }: { restores: readonly DumpRestoreView[] }) {
  return (
    <DataTable caption="Restores of this dump" columns={[{ label: "Into" }, { label: "Status" }, { label: "Started" }, { label: "What" }, { label: "Duration", numeric: true }]}>
      {restores.map((r) => {
        const status = dumpRestoreStatus(r.status);
        const what = r.selection
          ? [...r.selection.schemas.map((s) => `schema ${s}`), ...r.selection.tables.map((t) => `${t.schema}.${t.name}`)].join(", ")
          : "Everything";
        return (
          <tr key={r.id} className="align-top">
            <td className="px-3 py-2 break-words">
              <span className="font-medium">{r.targetDatabase}</span>
              <span className="text-neutral-500"> on {r.targetClusterName}</span>
            </td>
            <td className="max-w-md px-3 py-2">
              <StatusBadge tone={status.tone}>{status.label}</StatusBadge>
              {r.status === "running" ? <p className="mt-1 text-xs text-neutral-500">{dumpPhaseLabel(r.job?.phase)}</p> : null}
              {r.error ? <p className="mt-1 text-xs break-words text-red-800">{r.error}</p> : null}
              {r.errors ? (
                <details className="mt-1">
                  <summary className="cursor-pointer text-xs text-sky-800">
                    {r.errorCount} {r.errorCount === 1 ? "error" : "errors"} reported
                  </summary>
                  <pre aria-label="Restore errors" className="mt-1 max-h-64 overflow-auto rounded bg-neutral-50 px-2 py-1.5 font-mono text-xs whitespace-pre-wrap break-words ring-1 ring-neutral-200 ring-inset">
                    {r.errors}
                  </pre>
                </details>
              ) : null}
            </td>
            <td className="px-3 py-2 whitespace-nowrap">
              <Time iso={r.createdAt} />
            </td>
            <td className="max-w-xs px-3 py-2 text-xs break-words">{what}</td>
            <td className="px-3 py-2 text-right tabular-nums whitespace-nowrap">{r.restoreMs === null ? "—" : formatDuration(r.restoreMs)}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
