"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import type { FleetRow } from "@/lib/monitor/get-fleet";
import type { ClusterView } from "@/lib/views/cluster-view";
import { apiFetch, errorMessage } from "@/components/api";
import { SEVERITY_TONE } from "@/components/alert-card";
import { ErrorAlert } from "@/components/alert";
import { buttonClass } from "@/components/button-styles";
import { clusterStatus } from "@/components/cluster-status";
import { useClusters } from "@/components/cluster-queries";
import { drillStatus } from "@/components/drill-status";
import { formatAgo, formatBytes, formatDuration, formatUtcTime } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { StatusBadge } from "@/components/status-badge";
import { Time } from "@/components/time";
import { DataTable } from "@/components/data-table";

export function ClustersClient({ canManage }: { canManage: boolean }) {
  const router = useRouter();
  const clusters = useClusters();

  return (
    <>
      <PageHeader
        title="Clusters"
        summary="PostgreSQL servers Wayback backs up, at a glance. Status is from each cluster's last connection check."
        actions={
          canManage ? (
            <button type="button" className={buttonClass("primary")} onClick={() => router.push("/clusters/new")}>
              Add cluster
            </button>
          ) : null
        }
      />
      {clusters.isError ? <ErrorAlert title="Could not load the clusters." message={errorMessage(clusters.error)} /> : null}
      {clusters.isPending ? (
        <p className="text-sm text-neutral-500">Loading clusters…</p>
      ) : clusters.data && clusters.data.length === 0 ? (
        <div className="rounded border border-dashed border-neutral-300 bg-white px-4 py-8 text-center text-sm text-neutral-600">
          <p className="font-medium text-neutral-800">No clusters yet.</p>
          <p className="mt-1">
            {canManage
              ? "Add a PostgreSQL cluster to check that it is ready for backups."
              : "An admin can add PostgreSQL clusters."}
          </p>
        </div>
      ) : clusters.data ? (
        <ClustersTable clusters={clusters.data} />
      ) : null}
    </>
  );
}

function useFleet() {
  return useQuery({
    queryKey: ["fleet"],
    queryFn: ({ signal }) => apiFetch<{ fleet: FleetRow[] }>("/api/v1/fleet", { signal }).then((r) => r.fleet),
    refetchInterval: 15_000,
  });
}

const ARCHIVE_TONE = { ok: "green", failing: "red", gap: "red", "receiver down": "red", stale: "amber" } as const;
const RPO_TONE = { ok: "green", behind: "amber", none: "red" } as const;
const dash = <span className="text-neutral-400">—</span>;

function ClustersTable({ clusters }: { clusters: readonly ClusterView[] }) {
  const fleet = useFleet();
  return (
    <DataTable
      caption="Clusters"
      columns={[
        { label: "Name" },
        { label: "Connection" },
        { label: "Version" },
        { label: "Size", numeric: true },
        { label: "Status" },
        { label: "Last backup" },
        { label: "Latest recoverable" },
        { label: "Archive" },
        { label: "Last drill" },
        { label: "Alerts", numeric: true },
        { label: "Checklist", numeric: true },
      ]}
    >
      {clusters.map((c) => {
        const status = clusterStatus(c);
        const f = fleet.data?.find((r) => r.clusterId === c.id);
        return (
          <tr key={c.id} className="hover:bg-neutral-50">
            <td className="px-3 py-2 font-medium">
              <Link href={`/clusters/${c.id}`} className="text-sky-800 hover:underline">
                {c.name}
              </Link>
            </td>
            <td className="px-3 py-2 font-mono text-xs text-neutral-600">
              {c.host}:{c.port}/{c.database}
            </td>
            <td className="px-3 py-2 tabular-nums">{c.lastCheck?.serverVersion ?? <span className="text-neutral-400">—</span>}</td>
            <td className="px-3 py-2 text-right tabular-nums whitespace-nowrap">{formatBytes(c.lastCheck?.databaseSizeBytes)}</td>
            <td className="px-3 py-2">
              <StatusBadge tone={status.tone}>{status.label}</StatusBadge>
            </td>
            <td className="px-3 py-2 whitespace-nowrap">
              <Time iso={c.lastBackupAt} />
            </td>
            <td className="px-3 py-2 whitespace-nowrap">
              {f ? (
                <span className="flex items-center gap-1.5">
                  <Time iso={f.latestRecoverableTime} />
                  <StatusBadge tone={RPO_TONE[f.rpo]}>{f.rpo === "ok" ? `RPO ok` : f.rpo === "behind" ? `behind ${f.rpoTargetMinutes} min RPO` : "none"}</StatusBadge>
                </span>
              ) : dash}
            </td>
            <td className="px-3 py-2">{f ? <StatusBadge tone={ARCHIVE_TONE[f.archive]}>{f.archive}</StatusBadge> : dash}</td>
            <td className="px-3 py-2 whitespace-nowrap">
              {f?.lastDrill ? (
                <span className="flex flex-col gap-0.5">
                  <StatusBadge tone={drillStatus(f.lastDrill.status).tone}>{drillStatus(f.lastDrill.status).label}</StatusBadge>
                  {f.lastDrill.recoveryMs !== null ? (
                    <span className="text-xs tabular-nums">
                      {formatDuration(f.lastDrill.recoveryMs)} for {formatBytes(f.lastDrill.baseBytes)}
                    </span>
                  ) : null}
                  {f.lastDrill.finishedAt ? (
                    <span className="text-xs text-neutral-500" title={formatUtcTime(f.lastDrill.finishedAt)}>
                      {formatAgo(f.lastDrill.finishedAt)}
                    </span>
                  ) : null}
                </span>
              ) : dash}
            </td>
            <td className="px-3 py-2 text-right">
              {f ? f.openAlerts > 0 && f.worstSeverity ? <StatusBadge tone={SEVERITY_TONE[f.worstSeverity]}>{f.openAlerts}</StatusBadge> : "0" : dash}
            </td>
            <td className="px-3 py-2 text-right tabular-nums">{f ? `${f.checklist.met}/${f.checklist.total}` : dash}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
