"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ClusterView } from "@/lib/clusters/cluster-view";
import type { JobView } from "@/lib/jobs/job-view";
import { apiFetch } from "@/components/ui/api";
import { clusterKeys } from "@/components/clusters/cluster-queries";

/** "Check connection" (POST /api/v1/clusters/:id/checks); callers show mutation.error. */
export function useCheckConnection(clusterId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ job: JobView }>(`/api/v1/clusters/${encodeURIComponent(clusterId)}/checks`, { method: "POST" }),
    onSuccess: async ({ job }) => {
      // Show the queued job at once; polling takes over from here.
      queryClient.setQueryData<ClusterView>(clusterKeys.detail(clusterId), (old) => (old ? { ...old, pendingCheck: job } : old));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: clusterKeys.detail(clusterId) }),
        queryClient.invalidateQueries({ queryKey: clusterKeys.jobs(clusterId) }),
      ]);
    },
  });
}
