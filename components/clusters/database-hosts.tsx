import type { ClusterView } from "@/lib/clusters/cluster-view";
import { hostLabel, type HostProbe } from "@/lib/domain/database-hosts";
import { StatusBadge, type StatusLabel } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";

const ROLE: Record<HostProbe["role"], StatusLabel> = {
  primary: { label: "primary", tone: "green" },
  standby: { label: "standby", tone: "grey" },
  unreachable: { label: "unreachable", tone: "red" },
};

/**
 * A cluster with standbys: every database host with its role at the newest monitor sample, so the
 * page says which one is primary now (after a failover too). Nothing for a one-host cluster.
 */
export function DatabaseHosts({ cluster: c }: { cluster: ClusterView }) {
  if (c.otherHosts.length === 0) return null;
  const sample = c.databaseHosts;
  const listed = [`${c.host}:${c.port}`, ...c.otherHosts];
  return (
    <div aria-label="Database hosts" className="mt-1 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
      {sample === null
        ? listed.map((h) => (
            <span key={h} className="font-mono text-[0.8125rem] text-neutral-800">
              {h} <span className="font-sans text-neutral-500">(role not sampled yet)</span>
            </span>
          ))
        : sample.hosts.map((h) => (
            <span key={hostLabel(h)} className="flex items-center gap-1.5" title={h.role === "unreachable" ? h.error : undefined}>
              <span className="font-mono text-[0.8125rem] text-neutral-800">{hostLabel(h)}</span>
              <StatusBadge tone={ROLE[h.role].tone}>{ROLE[h.role].label}</StatusBadge>
            </span>
          ))}
      {sample ? (
        <span className="text-xs text-neutral-500">
          as of <Time iso={sample.sampledAt} /> · backups from {c.backupFrom}
        </span>
      ) : null}
    </div>
  );
}
