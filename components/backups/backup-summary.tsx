import Link from "next/link";
import type { BackupDetailView, BackupView } from "@/lib/backups/backup-view";
import { formatBytes, formatDuration, formatExactBytes } from "@/components/ui/format";
import { Time } from "@/components/ui/time";
import { BackupKindLabel, ParentChain } from "@/components/backups/backup-kind";

const dash = <span className="text-neutral-400">—</span>;
const text = (v: string | number | null | undefined) => (v === null || v === undefined || v === "" ? dash : String(v));
const bytes = (v: number | null) => (v === null ? dash : <span title={formatExactBytes(v)}>{formatBytes(v)}</span>);
const ms = (v: number | null) => (v === null ? dash : formatDuration(v));

/** One backup's facts as a dense two-column list: where it came from, how long it took, what it holds. */
export function BackupSummary({ backup: b }: { backup: BackupView & Partial<Pick<BackupDetailView, "parentChain">> }) {
  const ratio =
    b.databaseSizeBytes && b.storedSizeBytes
      ? `${((b.storedSizeBytes / b.databaseSizeBytes) * 100).toFixed(0)}% of the database size`
      : null;
  const rows: [string, React.ReactNode, boolean?][] = [
    [
      "Cluster",
      <Link key="c" href={`/clusters/${encodeURIComponent(b.clusterId)}`} className="text-sky-800 hover:underline">
        {b.clusterName}
      </Link>,
    ],
    ["Label", text(b.label), true],
    ["Kind", <BackupKindLabel key="k" kind={b.kind} />],
    ...(b.parentChain
      ? [["Restores with", <ParentChain key="p" backup={{ ...b, parentChain: b.parentChain }} />] as [string, React.ReactNode]]
      : []),
    ["Started", <Time key="s" iso={b.startedAt} />],
    ["Finished", <Time key="f" iso={b.finishedAt} />],
    ["Copy", ms(b.copyMs)],
    ["Verify", ms(b.verifyMs)],
    ["Total", ms(b.durationMs)],
    ["Start LSN", text(b.startLsn), true],
    ["Stop LSN", text(b.stopLsn), true],
    ["Consistent at", <Time key="t" iso={b.stopTime} />],
    ["Timeline", text(b.timeline)],
    ["Taken from", text(b.sourceHost), true],
    ["PostgreSQL version", text(b.pgVersion)],
    ["System identifier", text(b.systemIdentifier), true],
    ["Compression", text(b.compression), true],
    ["Database size", bytes(b.databaseSizeBytes)],
    [
      "Stored size",
      b.storedSizeBytes === null ? (
        dash
      ) : (
        <span key="st">
          {bytes(b.storedSizeBytes)}
          {ratio ? <span className="text-neutral-500"> ({ratio})</span> : null}
        </span>
      ),
    ],
  ];
  return (
    <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-1.5 rounded border border-neutral-200 bg-white px-3 py-2.5 text-sm">
      {rows.map(([term, value, mono]) => (
        <div key={term} className="contents">
          <dt className="text-neutral-500">{term}</dt>
          <dd className="min-w-0 break-words text-neutral-900">
            {mono && value !== dash ? <span className="font-mono text-[0.8125rem] break-all">{value}</span> : value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
