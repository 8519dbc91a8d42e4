import type { RowComparison } from "@/lib/domain/row-counts";
import type { DrillCheck } from "@/lib/domain/drill-outcome";
import type { DrillView } from "@/lib/drills/drill-view";
import { DataTable } from "@/components/ui/data-table";
import { formatBytes } from "@/components/ui/format";
import { PhaseTimings } from "@/components/jobs/phase-timings";
import { StatusBadge } from "@/components/ui/status-badge";

/** Each check with its verdict and what it found. */
export function DrillChecks({ checks }: { checks: readonly DrillCheck[] }) {
  return (
    <ul aria-label="Drill checks" className="divide-y divide-neutral-100 rounded border border-neutral-200 bg-white text-sm">
      {checks.map((c) => (
        <li key={c.name} className="flex gap-3 px-3 py-2">
          <StatusBadge tone={c.ok ? "green" : "red"}>{c.ok ? "ok" : "failed"}</StatusBadge>
          <div className="min-w-0">
            <p className="font-medium">{c.name}</p>
            <p className="whitespace-pre-wrap break-words text-neutral-700">{c.detail}</p>
          </div>
        </li>
      ))}
    </ul>
  );
}

/** Base restore, WAL replay, checks, total: the measured recovery time. */
export function DrillTimings({ drill: d }: { drill: DrillView }) {
  return (
    <PhaseTimings
      label="Drill timings"
      rows={[
        [
          "Base restore",
          d.timings.baseMs,
          [d.baseBytes === null ? null : formatBytes(d.baseBytes), d.repository ? `from ${d.repository.name}` : null]
            .filter(Boolean)
            .join(" ") || null,
        ],
        ["WAL replay", d.timings.replayMs, d.walBytes === null ? null : `${formatBytes(d.walBytes)} of WAL`],
        ["Checks", d.timings.checkMs, null],
        ["Total", d.timings.totalMs, null],
      ]}
    />
  );
}

const num = "px-3 py-2 text-right tabular-nums whitespace-nowrap";
const count = (n: number | null) => (n === null ? "—" : n.toLocaleString());

/** Every table's rows on production and in the restored copy, side by side, with the difference. */
export function DrillRowCounts({ rows, tolerancePct }: { rows: readonly RowComparison[]; tolerancePct: number }) {
  return (
    <DataTable
      caption="Row counts, production and restored copy"
      columns={[
        { label: "Database" },
        { label: "Table" },
        { label: "Production", numeric: true },
        { label: "Restored", numeric: true },
        { label: "Difference", numeric: true },
        { label: "Expected" },
        { label: "Result" },
      ]}
    >
      {rows.map((r) => (
        <tr key={`${r.database}/${r.table}`} className={r.ok ? "" : "bg-red-50"}>
          <td className="px-3 py-2">{r.database}</td>
          <td className="px-3 py-2 font-mono text-[0.8125rem] break-all">{r.table}</td>
          <td className={num}>{count(r.production)}</td>
          <td className={num}>{count(r.restored)}</td>
          <td className={num}>
            {r.difference === null ? "—" : r.difference > 0 ? `+${r.difference.toLocaleString()}` : r.difference.toLocaleString()}
          </td>
          <td className="px-3 py-2 whitespace-nowrap">{r.expectation === "exact" ? "exact" : `within ${tolerancePct}%`}</td>
          <td className="px-3 py-2">
            <StatusBadge tone={r.ok ? "green" : "red"}>{r.ok ? "ok" : "differs"}</StatusBadge>
            {r.note ? <span className="ml-2 text-xs text-neutral-600">{r.note}</span> : null}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
