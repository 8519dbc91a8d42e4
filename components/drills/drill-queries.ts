"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { DrillRequestInput } from "@/lib/domain/drill-input";
import type { DrillView } from "@/lib/drills/drill-view";
import type { DrillRepositoriesView } from "@/lib/drills/drill-repository";
import { ApiError, apiFetch } from "@/components/ui/api";
import { clusterKeys } from "@/components/clusters/cluster-queries";

export const drillKeys = {
  all: ["drills"] as const,
  cluster: (clusterId: string) => [...drillKeys.all, "cluster", clusterId] as const,
  detail: (id: string) => [...drillKeys.all, "detail", id] as const,
};

export const drillActive = (d: Pick<DrillView, "status">) => d.status === "queued" || d.status === "running";

/** One cluster's drills, newest first; every 2 s while one runs. */
export function useClusterDrills(clusterId: string) {
  return useQuery({
    queryKey: drillKeys.cluster(clusterId),
    queryFn: ({ signal }) =>
      apiFetch<{ drills: DrillView[] }>(`/api/v1/clusters/${encodeURIComponent(clusterId)}/drills?limit=30`, { signal }).then(
        (r) => r.drills,
      ),
    refetchInterval: (query) => (query.state.data?.some(drillActive) ? 2_000 : 15_000),
  });
}

/** One drill, every second while it runs. */
export function useDrill(id: string) {
  return useQuery({
    queryKey: drillKeys.detail(id),
    queryFn: ({ signal }) => apiFetch<{ drill: DrillView }>(`/api/v1/drills/${encodeURIComponent(id)}`, { signal }).then((r) => r.drill),
    refetchInterval: (query) => (query.state.data && !drillActive(query.state.data) ? false : 1_000),
  });
}

/** "Run drill" (POST /api/v1/clusters/:id/drills); a 409 (one is running) refreshes the list so it shows. */
export function useRunDrill(clusterId: string) {
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: drillKeys.cluster(clusterId) }),
      queryClient.invalidateQueries({ queryKey: clusterKeys.jobs(clusterId) }),
    ]);
  return useMutation({
    mutationFn: (input: DrillRequestInput) =>
      apiFetch<{ drill: DrillView }>(`/api/v1/clusters/${encodeURIComponent(clusterId)}/drills`, { method: "POST", body: input }),
    onSuccess: refresh,
    onError: (err) => (err instanceof ApiError && err.code === "conflict" ? refresh() : undefined),
  });
}

const repositoryUrl = (clusterId: string) => `/api/v1/clusters/${encodeURIComponent(clusterId)}/drills/repository`;

/**
 * The repositories a drill or a verification of the cluster can read (the primary, its copy
 * repositories) and the one drills read when none is asked for.
 */
export function useReadableRepositories(clusterId: string) {
  return useQuery({
    queryKey: [...drillKeys.cluster(clusterId), "repository"] as const,
    queryFn: ({ signal }) => apiFetch<DrillRepositoriesView>(repositoryUrl(clusterId), { signal }),
    staleTime: 10_000,
  });
}

/** Sets the copy repository scheduled drills read (null: the primary). */
export function useSetDrillsFrom(clusterId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (repositoryId: string | null) =>
      apiFetch<DrillRepositoriesView>(repositoryUrl(clusterId), { method: "PUT", body: { repositoryId } }),
    onSuccess: (view) => queryClient.setQueryData([...drillKeys.cluster(clusterId), "repository"], view),
  });
}
