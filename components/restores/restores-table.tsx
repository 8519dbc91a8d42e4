import Link from "next/link";
import type { RestoreView } from "@/lib/restores/restore-view";
import { formatDuration } from "@/components/ui/format";
import { restoreHref } from "@/components/restores/restore-links";
import { describeTarget, restorePhaseLabel, restoreStatus } from "@/components/restores/restore-status";
import { DataTable } from "@/components/ui/data-table";
import { FailureText } from "@/components/ui/failure-text";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";

const num = "px-3 py-2 text-right tabular-nums whitespace-nowrap";

/** Restores as rows, newest first: each target links to the restore's page. `showCluster` adds the cluster column. */
export function RestoresTable({
  restores,
  showCluster = false,
  caption,
}: {
  restores: readonly RestoreView[];
  showCluster?: boolean;
  caption: string;
}) {
  return (
    <DataTable
      caption={caption}
      columns={[
        { label: "Target" },
        showCluster && { label: "Cluster" },
        { label: "Requested by" },
        { label: "Status" },
        { label: "Started" },
        { label: "Base", numeric: true },
        { label: "Replay", numeric: true },
        { label: "Verify", numeric: true },
        { label: "Total", numeric: true },
      ]}
    >
      {restores.map((r) => (
        <RestoreRow key={r.id} restore={r} showCluster={showCluster} />
      ))}
    </DataTable>
  );
}

function RestoreRow({ restore: r, showCluster }: { restore: RestoreView; showCluster: boolean }) {
  const status = restoreStatus(r.status);
  return (
    <tr className="align-top hover:bg-neutral-50">
      <td className="max-w-[18rem] px-3 py-2 break-words">
        <Link href={restoreHref(r.id)} className="text-sky-800 hover:underline">
          {describeTarget(r.target)}
        </Link>
      </td>
      {showCluster ? (
        <td className="px-3 py-2 whitespace-nowrap">
          <Link href={`/clusters/${encodeURIComponent(r.clusterId)}`} className="text-sky-800 hover:underline">
            {r.clusterName}
          </Link>
        </td>
      ) : null}
      <td className="px-3 py-2 whitespace-nowrap">{r.requestedBy ?? <span className="text-neutral-400">—</span>}</td>
      <td className="px-3 py-2 whitespace-nowrap">
        <StatusBadge tone={status.tone}>{status.label}</StatusBadge>
        {r.status === "running" ? <p className="mt-1 text-xs text-neutral-500">{restorePhaseLabel(r.job?.phase)}</p> : null}
        {r.status === "failed" && r.error ? <FailureText error={r.error} /> : null}
      </td>
      <td className="px-3 py-2 whitespace-nowrap">
        <Time iso={r.job?.startedAt ?? r.createdAt} />
      </td>
      <td className={num}>{formatDuration(r.timings.baseMs)}</td>
      <td className={num}>{formatDuration(r.timings.replayMs)}</td>
      <td className={num}>{formatDuration(r.timings.verifyMs)}</td>
      <td className={num}>{formatDuration(r.timings.totalMs)}</td>
    </tr>
  );
}
