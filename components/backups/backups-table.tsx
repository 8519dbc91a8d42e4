import Link from "next/link";
import type { BackupView } from "@/lib/backups/backup-view";
import { backupCheckLabel, backupPhaseLabel, backupStatus, repositoryCheckLabel } from "@/components/backups/backup-status";
import { formatAgo, formatBytes, formatDuration, formatExactBytes } from "@/components/ui/format";
import { DataTable } from "@/components/ui/data-table";
import { FailureText } from "@/components/ui/failure-text";
import { StatusBadge } from "@/components/ui/status-badge";
import { BackupKindLabel } from "@/components/backups/backup-kind";
import { Time } from "@/components/ui/time";

const dash = <span className="text-neutral-400">—</span>;

/** Backups as rows: each links to its detail page. `showCluster` adds the cluster column (all-clusters list). */
export function BackupsTable({
  backups,
  showCluster = false,
  caption,
}: {
  backups: readonly BackupView[];
  showCluster?: boolean;
  caption: string;
}) {
  return (
    <DataTable
      caption={caption}
      columns={[
        { label: "Backup" },
        showCluster && { label: "Cluster" },
        { label: "Kind" },
        { label: "Status" },
        { label: "Started" },
        { label: "Duration", numeric: true },
        { label: "Database", numeric: true },
        { label: "Stored", numeric: true },
        { label: "Compression" },
        { label: "Taken from" },
        { label: "Checked at backup" },
        { label: "Verified" },
      ]}
    >
      {backups.map((b) => (
        <BackupRow key={b.id} backup={b} showCluster={showCluster} />
      ))}
    </DataTable>
  );
}

function BackupRow({ backup: b, showCluster }: { backup: BackupView; showCluster: boolean }) {
  const status = backupStatus(b.status);
  const checked = backupCheckLabel(b);
  const verified = repositoryCheckLabel(b);
  return (
    <tr className="align-top hover:bg-neutral-50">
      <td className="max-w-[13rem] px-3 py-2 font-mono text-xs break-words">
        <Link href={`/backups/${encodeURIComponent(b.id)}`} className="text-sky-800 hover:underline">
          {b.label || b.id.slice(0, 8)}
        </Link>
      </td>
      {showCluster ? (
        <td className="px-3 py-2 whitespace-nowrap">
          <Link href={`/clusters/${encodeURIComponent(b.clusterId)}`} className="text-sky-800 hover:underline">
            {b.clusterName}
          </Link>
        </td>
      ) : null}
      <td className="px-3 py-2 whitespace-nowrap">
        <BackupKindLabel kind={b.kind} />
      </td>
      <td className="px-3 py-2 whitespace-nowrap">
        <StatusBadge tone={status.tone}>{status.label}</StatusBadge>
        {b.status === "running" ? <p className="mt-1 text-xs text-neutral-500">{backupPhaseLabel(b.job?.phase)}</p> : null}
        {b.status === "failed" && b.error ? <FailureText error={b.error} /> : null}
      </td>
      <td className="px-3 py-2 whitespace-nowrap">
        <Time iso={b.startedAt} />
      </td>
      <td className="px-3 py-2 text-right tabular-nums whitespace-nowrap">{b.durationMs === null ? dash : formatDuration(b.durationMs)}</td>
      <td className="px-3 py-2 text-right tabular-nums whitespace-nowrap" title={formatExactBytes(b.databaseSizeBytes)}>
        {formatBytes(b.databaseSizeBytes)}
      </td>
      <td className="px-3 py-2 text-right tabular-nums whitespace-nowrap" title={formatExactBytes(b.storedSizeBytes)}>
        {formatBytes(b.storedSizeBytes)}
      </td>
      <td className="px-3 py-2 font-mono text-xs">{b.compression}</td>
      <td className="px-3 py-2 whitespace-nowrap">
        {b.sourceHost === null ? dash : <span className="font-mono text-xs">{b.sourceHost}</span>}
        {b.timeline === null ? null : <p className="mt-1 text-xs text-neutral-500">timeline {b.timeline}</p>}
      </td>
      <td className="px-3 py-2 whitespace-nowrap">
        <StatusBadge tone={checked.tone}>{checked.label}</StatusBadge>
      </td>
      <td className="px-3 py-2 whitespace-nowrap">
        <StatusBadge tone={verified.tone}>{verified.label}</StatusBadge>
        {b.repositoryCheck?.at ? <p className="mt-1 text-xs text-neutral-500">{formatAgo(b.repositoryCheck.at)}</p> : null}
      </td>
    </tr>
  );
}
