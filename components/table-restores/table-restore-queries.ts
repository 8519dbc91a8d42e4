"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/ui/api";
import type { LiveTable } from "@/lib/table-restores/table-catalog";
import type { TableRestoreView } from "@/lib/table-restores/table-restore-view";

export const tableRestoreKeys = {
  all: ["table-restores"] as const,
  cluster: (clusterId: string) => [...tableRestoreKeys.all, "cluster", clusterId] as const,
  detail: (id: string) => [...tableRestoreKeys.all, "detail", id] as const,
  tables: (clusterId: string) => [...tableRestoreKeys.all, "tables", clusterId] as const,
};

const active = (t: Pick<TableRestoreView, "status">) => t.status === "queued" || t.status === "running";
const base = (clusterId: string) => `/api/v1/clusters/${encodeURIComponent(clusterId)}`;

export const tableRestoreHref = (clusterId: string, id: string) =>
  `/clusters/${encodeURIComponent(clusterId)}/restore/tables/${encodeURIComponent(id)}`;

export const missingRowsHref = (clusterId: string, id: string, table: string) =>
  `${base(clusterId)}/table-restores/${encodeURIComponent(id)}/diff.csv?table=${encodeURIComponent(table)}`;

/** A production database's tables (omitted: the one the cluster connects to), read live when the form opens. */
export function useLiveTables(clusterId: string, database?: string) {
  const query = database ? `?${new URLSearchParams({ database })}` : "";
  return useQuery({
    queryKey: [...tableRestoreKeys.tables(clusterId), database ?? null],
    queryFn: ({ signal }) => apiFetch<{ database: string; tables: LiveTable[] }>(`${base(clusterId)}/tables${query}`, { signal }),
    staleTime: 30_000,
  });
}

export function useClusterTableRestores(clusterId: string) {
  return useQuery({
    queryKey: tableRestoreKeys.cluster(clusterId),
    queryFn: ({ signal }) =>
      apiFetch<{ tableRestores: TableRestoreView[] }>(`${base(clusterId)}/table-restores?limit=20`, { signal }).then(
        (r) => r.tableRestores,
      ),
    refetchInterval: (q) => (q.state.data?.some(active) ? 2_000 : 15_000),
  });
}

/** One table restore, polled every second while it is queued or running. */
export function useTableRestore(clusterId: string, id: string) {
  return useQuery({
    queryKey: tableRestoreKeys.detail(id),
    queryFn: ({ signal }) =>
      apiFetch<{ tableRestore: TableRestoreView }>(`${base(clusterId)}/table-restores/${encodeURIComponent(id)}`, { signal }).then(
        (r) => r.tableRestore,
      ),
    refetchInterval: (q) => (q.state.data && !active(q.state.data) ? false : 1_000),
  });
}
