import type { CheckView } from "@/lib/clusters/cluster-view";
import { formatBytes } from "@/components/ui/format";
import { Time } from "@/components/ui/time";

const dash = <span className="text-neutral-400">—</span>;

function text(v: string | number | null | undefined): React.ReactNode {
  return v === null || v === undefined || v === "" ? dash : String(v);
}

function onOff(v: boolean | null): React.ReactNode {
  return v === null ? dash : v ? "on" : "off";
}

function roleAttributes(check: CheckView): React.ReactNode {
  if (check.isSuperuser === null && check.hasReplication === null) return dash;
  const attrs = [check.isSuperuser ? "SUPERUSER" : null, check.hasReplication ? "REPLICATION" : null].filter(Boolean);
  return attrs.length > 0 ? attrs.join(", ") : "neither SUPERUSER nor REPLICATION";
}

/** The raw facts the last check recorded, as a dense two-column list. */
export function ClusterFacts({ check }: { check: CheckView }) {
  const rows: [string, React.ReactNode, boolean?][] = [
    ["Server version", text(check.serverVersion)],
    ["System identifier", text(check.systemIdentifier), true],
    ["wal_level", text(check.walLevel), true],
    ["archive_mode", text(check.archiveMode), true],
    ["archive_command", text(check.archiveCommand), true],
    ["max_wal_senders", text(check.maxWalSenders), true],
    ["Data checksums", onOff(check.dataChecksums)],
    ["Database size", check.databaseSizeBytes === null ? dash : formatBytes(check.databaseSizeBytes)],
    ["Role attributes", roleAttributes(check)],
    ["Client tools", check.clientToolsMajor === null ? dash : `PostgreSQL ${check.clientToolsMajor}`],
    ["Checked at", <Time key="t" iso={check.checkedAt} />],
  ];
  return (
    <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-1.5 rounded border border-neutral-200 bg-white px-3 py-2.5 text-sm">
      {rows.map(([term, value, mono]) => (
        <div key={term} className="contents">
          <dt className="text-neutral-500">{term}</dt>
          <dd className={`min-w-0 text-neutral-900 ${mono ? "font-mono text-[0.8125rem] break-all" : "break-words"}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
