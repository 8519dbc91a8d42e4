"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import type { FleetRow } from "@/lib/monitor/get-fleet";
import { describeDuration } from "@/lib/domain/alert-rules";
import type { ClusterView } from "@/lib/clusters/cluster-view";
import { apiFetch, errorMessage } from "@/components/ui/api";
import { SEVERITY_TONE } from "@/components/alerts/alert-card";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { clusterStatus } from "@/components/clusters/cluster-status";
import { useClusters } from "@/components/clusters/cluster-queries";
import { drillStatus } from "@/components/drills/drill-status";
import { formatAgo, formatBytes, formatDuration, formatUtcTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { DataTable } from "@/components/ui/data-table";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import { FLEET_PER_PAGE, FleetFilters, FleetPager, fleetSearch, type FleetFilter } from "@/components/clusters/fleet-filters";

export function ClustersClient({ canManage, initialClusters }: { canManage: boolean; initialClusters: ClusterView[] }) {
  const router = useRouter();
  const clusters = useClusters(initialClusters);
  // Started with the list, not after it: the fleet figures are the slow part of this page. The
  // server filters, sorts (most at risk first) and pages them; the table shows that page.
  const [filter, setFilter] = useState<FleetFilter>({ name: "", alert: "", rpo: "", sort: "risk", page: 1 });
  const fleet = useFleet(useDebouncedValue(fleetSearch(filter), 250));

  return (
    <>
      <PageHeader
        title="Clusters"
        summary="PostgreSQL servers Wayback backs up, at a glance. Status is from each cluster's last connection check."
        actions={
          canManage ? (
            <button type="button" className={buttonClass("primary")} onClick={() => router.push("/clusters/new")}>
              <Plus aria-hidden="true" className="size-4" />
              Add cluster
            </button>
          ) : null
        }
      />
      {clusters.isError ? <ErrorAlert title="Could not load the clusters." message={errorMessage(clusters.error)} /> : null}
      {fleet.isError ? <ErrorAlert title="Could not load the recovery and alert figures." message={errorMessage(fleet.error)} /> : null}
      {clusters.data && clusters.data.length === 0 ? (
        <div className="rounded border border-dashed border-neutral-300 bg-white px-4 py-8 text-center text-sm text-neutral-600">
          <p className="font-medium text-neutral-800">No clusters yet.</p>
          <p className="mt-1">
            {canManage ? "Add a PostgreSQL cluster to check that it is ready for backups." : "An admin can add PostgreSQL clusters."}
          </p>
        </div>
      ) : clusters.data ? (
        <>
          <FleetFilters value={filter} onChange={setFilter} />
          <ClustersTable clusters={clusters.data} fleet={fleet.data?.fleet} />
          {fleet.data ? (
            <FleetPager
              page={fleet.data.page}
              pages={fleet.data.pages}
              total={fleet.data.total}
              onPage={(page) => setFilter({ ...filter, page })}
            />
          ) : null}
        </>
      ) : null}
    </>
  );
}

interface FleetAnswer {
  fleet: FleetRow[];
  total: number;
  page: number;
  pages: number;
}

function useFleet(search: string) {
  return useQuery({
    queryKey: ["fleet", search],
    queryFn: ({ signal }) => apiFetch<FleetAnswer>(`/api/v1/fleet?${search}`, { signal }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
}

const ARCHIVE_TONE = { ok: "green", failing: "red", gap: "red", "receiver down": "red", stale: "amber" } as const;
const RPO_TONE = { ok: "green", behind: "amber", none: "red" } as const;
const dash = <span className="text-neutral-400">—</span>;
/** A fleet figure still on its way: a grey bar where it will be, not a word. */
const pending = (
  <span className="inline-block h-4 w-16 animate-pulse rounded bg-neutral-100 align-middle">
    <span className="sr-only">Loading</span>
  </span>
);

/**
 * One row per cluster of the fleet page (every cluster until the figures arrive). Eleven facts fit 1280 px because related ones share a cell: the connection
 * under the name, the size beside the version, the RPO verdict under the recoverable time.
 */
function ClustersTable({ clusters, fleet }: { clusters: readonly ClusterView[]; fleet: FleetRow[] | undefined }) {
  return (
    <DataTable
      caption="Clusters"
      columns={[
        { label: "Name" },
        { label: "Status" },
        { label: "Version" },
        { label: "Last backup" },
        { label: "Latest recoverable" },
        { label: "Archive" },
        { label: "Last drill" },
        { label: "Alerts", numeric: true },
        { label: "Checklist", numeric: true },
      ]}
    >
      {rowsOf(clusters, fleet).map(({ c, f }) => {
        const status = clusterStatus(c);
        const missing = fleet === undefined ? pending : dash;
        return (
          <tr key={c.id} className="align-top hover:bg-neutral-50">
            <td className="max-w-[16rem] px-3 py-2">
              <Link href={`/clusters/${c.id}`} className="font-medium text-sky-800 hover:underline">
                {c.name}
              </Link>
              <p className="truncate font-mono text-xs text-neutral-500" title={`${c.host}:${c.port}/${c.database}`}>
                {c.host}:{c.port}/{c.database}
              </p>
            </td>
            <td className="px-3 py-2">
              <StatusBadge tone={status.tone}>{status.label}</StatusBadge>
            </td>
            <td className="px-3 py-2 whitespace-nowrap tabular-nums">
              {c.lastCheck?.serverVersion ?? dash}
              <p className="text-xs text-neutral-500">{formatBytes(c.lastCheck?.databaseSizeBytes)}</p>
            </td>
            <td className="px-3 py-2 whitespace-nowrap">
              <Time iso={c.lastBackupAt} />
            </td>
            <td className="px-3 py-2 whitespace-nowrap">
              {f ? (
                <span className="flex flex-col items-start gap-0.5">
                  <Time iso={f.latestRecoverableTime} />
                  <StatusBadge tone={RPO_TONE[f.rpo]}>
                    {f.rpo === "none"
                      ? "none"
                      : `RPO ${f.measuredRpoSeconds === null ? "?" : describeDuration(f.measuredRpoSeconds * 1000)}${f.rpo === "behind" ? `, target ${describeDuration(f.rpoTargetSeconds * 1000)}` : ""}`}
                  </StatusBadge>
                </span>
              ) : (
                missing
              )}
            </td>
            <td className="px-3 py-2">{f ? <StatusBadge tone={ARCHIVE_TONE[f.archive]}>{f.archive}</StatusBadge> : missing}</td>
            <td className="px-3 py-2 whitespace-nowrap">
              {f?.lastDrill ? (
                <span className="flex flex-col items-start gap-0.5">
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
              ) : f ? (
                dash
              ) : (
                missing
              )}
            </td>
            <td className="px-3 py-2 text-right">
              {f ? (
                f.openAlerts > 0 && f.worstSeverity ? (
                  <StatusBadge tone={SEVERITY_TONE[f.worstSeverity]}>{f.openAlerts}</StatusBadge>
                ) : (
                  "0"
                )
              ) : (
                missing
              )}
            </td>
            <td className="px-3 py-2 text-right tabular-nums">{f ? `${f.checklist.met}/${f.checklist.total}` : missing}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}

/** The fleet page's clusters in its order, or the first page of the list while the figures load. */
function rowsOf(clusters: readonly ClusterView[], fleet: FleetRow[] | undefined): { c: ClusterView; f: FleetRow | undefined }[] {
  if (!fleet) return clusters.slice(0, FLEET_PER_PAGE).map((c) => ({ c, f: undefined }));
  const byId = new Map(clusters.map((c) => [c.id, c]));
  return fleet.flatMap((f) => {
    const c = byId.get(f.clusterId);
    return c ? [{ c, f }] : [];
  });
}
