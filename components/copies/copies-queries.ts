"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/ui/api";
import type { ClusterCopiesView } from "@/lib/copies/copies-view";

export const copiesKeys = { cluster: (clusterId: string) => ["copies", clusterId] as const };

const url = (clusterId: string) => `/api/v1/clusters/${encodeURIComponent(clusterId)}/copies`;

/** A cluster's copy repositories, how far each trails the archive, and each backup's copies. */
export function useClusterCopies(clusterId: string) {
  return useQuery({
    queryKey: copiesKeys.cluster(clusterId),
    queryFn: ({ signal }) => apiFetch<ClusterCopiesView>(url(clusterId), { signal }),
    refetchInterval: 10_000,
  });
}

/** Add (POST) or remove (DELETE) a copy repository; the answer is the cluster's copies as they are now. */
export function useChangeCopies(clusterId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: { add: string } | { remove: string }) =>
      "add" in change
        ? apiFetch<ClusterCopiesView>(url(clusterId), { method: "POST", body: { repositoryId: change.add } })
        : apiFetch<ClusterCopiesView>(`${url(clusterId)}/${encodeURIComponent(change.remove)}`, { method: "DELETE" }),
    onSuccess: (copies) => queryClient.setQueryData(copiesKeys.cluster(clusterId), copies),
  });
}
