import Link from "next/link";
import type { DumpView } from "@/lib/dumps/dump-view";
import { DataTable } from "@/components/ui/data-table";
import { dumpPhaseLabel, dumpStatus, verifiedLabel } from "@/components/dumps/dump-status";
import { formatBytes, formatDuration, formatExactBytes } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";

const dash = <span className="text-neutral-400">—</span>;

/** Dumps as rows, each linking to its page (table of contents, restore). */
export function DumpsTable({
  dumps,
  showCluster = false,
  caption,
}: {
  dumps: readonly DumpView[];
  showCluster?: boolean;
  caption: string;
}) {
  return (
    <DataTable
      caption={caption}
      columns={[
        { label: "Database" },
        showCluster && { label: "Cluster" },
        { label: "Status" },
        { label: "Started" },
        { label: "Format" },
        { label: "Duration", numeric: true },
        { label: "Stored", numeric: true },
        { label: "Verified" },
        { label: "Copies" },
      ]}
    >
      {dumps.map((d) => (
        <DumpRow key={d.id} dump={d} showCluster={showCluster} />
      ))}
    </DataTable>
  );
}

function DumpRow({ dump: d, showCluster }: { dump: DumpView; showCluster: boolean }) {
  const status = dumpStatus(d.status);
  const verified = verifiedLabel(d);
  return (
    <tr className="align-top hover:bg-neutral-50">
      <td className="max-w-[14rem] px-3 py-2 break-words">
        <Link href={`/dumps/${encodeURIComponent(d.id)}`} className="text-sky-800 hover:underline">
          {d.database}
        </Link>
      </td>
      {showCluster ? (
        <td className="px-3 py-2 whitespace-nowrap">
          <Link href={`/clusters/${encodeURIComponent(d.clusterId)}`} className="text-sky-800 hover:underline">
            {d.clusterName}
          </Link>
        </td>
      ) : null}
      <td className="px-3 py-2 whitespace-nowrap">
        <StatusBadge tone={status.tone}>{status.label}</StatusBadge>
        {d.status === "running" ? <p className="mt-1 text-xs text-neutral-500">{dumpPhaseLabel(d.job?.phase)}</p> : null}
        {d.status === "failed" && d.error ? (
          <p className="mt-1 max-w-xs text-xs whitespace-normal break-words text-red-800">{d.error}</p>
        ) : null}
      </td>
      <td className="px-3 py-2 whitespace-nowrap">
        <Time iso={d.startedAt} />
      </td>
      <td className="px-3 py-2 font-mono text-xs whitespace-nowrap">
        {d.format}
        {d.jobs > 1 ? ` -j ${d.jobs}` : ""}
      </td>
      <td className="px-3 py-2 text-right tabular-nums whitespace-nowrap">{d.durationMs === null ? dash : formatDuration(d.durationMs)}</td>
      <td className="px-3 py-2 text-right tabular-nums whitespace-nowrap" title={formatExactBytes(d.storedSizeBytes)}>
        {formatBytes(d.storedSizeBytes)}
      </td>
      <td className="px-3 py-2 whitespace-nowrap">
        <StatusBadge tone={verified.tone}>{verified.label}</StatusBadge>
      </td>
      <td className="px-3 py-2 text-sm" data-testid="dump-copies">
        {d.copies.length === 0 ? dash : d.copies.map((c) => `${c.name}${c.status === "complete" ? "" : ` (${c.status})`}`).join(", ")}
      </td>
    </tr>
  );
}
