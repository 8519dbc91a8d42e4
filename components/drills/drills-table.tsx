import Link from "next/link";
import type { DrillView } from "@/lib/drills/drill-view";
import { DataTable } from "@/components/ui/data-table";
import { describeRto, drillPhaseLabel, drillStatus } from "@/components/drills/drill-status";
import { formatDuration } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";

const num = "px-3 py-2 text-right tabular-nums whitespace-nowrap";

/** A cluster's drills, newest first; each links to its report. */
export function DrillsTable({ drills }: { drills: readonly DrillView[] }) {
  return (
    <DataTable
      caption="Restore drills"
      columns={[
        { label: "Started" },
        { label: "Status" },
        { label: "Target" },
        { label: "From" },
        { label: "Recovery time" },
        { label: "Checks", numeric: true },
        { label: "Total", numeric: true },
      ]}
    >
      {drills.map((d) => {
        const status = drillStatus(d.status);
        const checks = d.checks ?? [];
        return (
          <tr key={d.id} className="align-top hover:bg-neutral-50">
            <td className="px-3 py-2 whitespace-nowrap">
              <Link href={`/drills/${encodeURIComponent(d.id)}`} className="text-sky-800 hover:underline">
                <Time iso={d.job?.startedAt ?? d.createdAt} />
              </Link>
            </td>
            <td className="px-3 py-2 whitespace-nowrap">
              <StatusBadge tone={status.tone}>{status.label}</StatusBadge>
              {d.status === "running" ? <p className="mt-1 text-xs text-neutral-500">{drillPhaseLabel(d.job?.phase)}</p> : null}
            </td>
            <td className="px-3 py-2">{d.target === "latest" ? "Latest archived WAL" : `Restore point ${d.restorePoint ?? ""}`}</td>
            <td className="px-3 py-2">{d.repository?.name ?? <span className="text-neutral-400">primary</span>}</td>
            <td className="px-3 py-2 whitespace-nowrap tabular-nums">{describeRto(d) ?? <span className="text-neutral-400">—</span>}</td>
            <td className={num}>{checks.length ? `${checks.filter((c) => c.ok).length}/${checks.length} ok` : "—"}</td>
            <td className={num}>{formatDuration(d.timings.totalMs)}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
