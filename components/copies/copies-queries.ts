"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/ui/api";
import type { ClusterCopiesView } from "@/lib/copies/copies-view";
import type { CopyRepositoryInput, CopyRetentionInput } from "@/lib/domain/copy-input";

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

export type CopiesChange =
  { add: CopyRepositoryInput } | { remove: string } | { retention: { repositoryId: string; policyId: string | null } };

/**
 * Add (POST) or remove (DELETE) a copy repository, or choose its retention (PATCH); the answer is
 * the cluster's copies as they are now.
 */
export function useChangeCopies(clusterId: string) {
  const queryClient = useQueryClient();
  const one = (repositoryId: string) => `${url(clusterId)}/${encodeURIComponent(repositoryId)}`;
  return useMutation({
    mutationFn: (change: CopiesChange) =>
      "add" in change
        ? apiFetch<ClusterCopiesView>(url(clusterId), { method: "POST", body: change.add })
        : "remove" in change
          ? apiFetch<ClusterCopiesView>(one(change.remove), { method: "DELETE" })
          : apiFetch<ClusterCopiesView>(one(change.retention.repositoryId), {
              method: "PATCH",
              body: { policyId: change.retention.policyId } satisfies CopyRetentionInput,
            }),
    onSuccess: (copies) => queryClient.setQueryData(copiesKeys.cluster(clusterId), copies),
  });
}
