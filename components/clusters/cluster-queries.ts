"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/ui/api";
import type { ClusterView } from "@/lib/clusters/cluster-view";
import type { WaitingJobView } from "@/lib/jobs/job-waiting";

/** Query keys for everything cluster-shaped, so mutations can invalidate precisely. */
export const clusterKeys = {
  all: ["clusters"] as const,
  list: () => [...clusterKeys.all, "list"] as const,
  detail: (id: string) => [...clusterKeys.all, "detail", id] as const,
  jobs: (id: string) => [...clusterKeys.all, "jobs", id] as const,
};

const LIST_REFRESH_MS = 5_000;
const BUSY_REFRESH_MS = 2_000;
const IDLE_REFRESH_MS = 15_000;

/** Every cluster; `initial` is what the server page already read, so the list shows at once. */
export function useClusters(initial?: ClusterView[]) {
  return useQuery({
    queryKey: clusterKeys.list(),
    initialData: initial,
    queryFn: ({ signal }) => apiFetch<{ clusters: ClusterView[] }>("/api/v1/clusters", { signal }).then((r) => r.clusters),
    refetchInterval: LIST_REFRESH_MS,
  });
}

/** One cluster, polled fast while a check is queued or running and slowly otherwise. */
export function useCluster(id: string) {
  return useQuery({
    queryKey: clusterKeys.detail(id),
    queryFn: ({ signal }) =>
      apiFetch<{ cluster: ClusterView }>(`/api/v1/clusters/${encodeURIComponent(id)}`, { signal }).then((r) => r.cluster),
    refetchInterval: (query) => (query.state.data?.pendingCheck ? BUSY_REFRESH_MS : IDLE_REFRESH_MS),
  });
}

/** The cluster's recent jobs, polled fast while one of them has not finished. */
export function useClusterJobs(id: string) {
  return useQuery({
    queryKey: clusterKeys.jobs(id),
    queryFn: ({ signal }) =>
      apiFetch<{ jobs: WaitingJobView[] }>(`/api/v1/jobs?clusterId=${encodeURIComponent(id)}&limit=20`, { signal }).then((r) => r.jobs),
    refetchInterval: (query) =>
      query.state.data?.some((j) => j.status === "queued" || j.status === "running") ? BUSY_REFRESH_MS : IDLE_REFRESH_MS,
  });
}
