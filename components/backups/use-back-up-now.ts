"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { BackupKindName } from "@/lib/domain/backup-kind";
import type { JobView } from "@/lib/jobs/job-view";
import { ApiError, apiFetch } from "@/components/ui/api";
import { backupKeys } from "@/components/backups/backup-queries";
import { clusterKeys } from "@/components/clusters/cluster-queries";

/**
 * "Back up now" (POST /api/v1/clusters/:id/backups?kind=), full unless told. On success, or when the server says one is
 * already running (409), the cluster's jobs and backups are refetched so the progress panel shows it.
 * A 422 (not ready) carries the reason in its message; callers show mutation.error.
 */
export function useBackUpNow(clusterId: string) {
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: clusterKeys.jobs(clusterId) }),
      queryClient.invalidateQueries({ queryKey: backupKeys.cluster(clusterId) }),
      queryClient.invalidateQueries({ queryKey: backupKeys.timeline(clusterId) }),
    ]);
  return useMutation({
    mutationFn: (kind: BackupKindName = "full") =>
      apiFetch<{ job: JobView }>(`/api/v1/clusters/${encodeURIComponent(clusterId)}/backups?kind=${kind}`, { method: "POST" }),
    onSuccess: ({ job }) => {
      // Show the queued job at once; polling takes over from here.
      queryClient.setQueryData<JobView[]>(clusterKeys.jobs(clusterId), (old) =>
        old && !old.some((j) => j.id === job.id) ? [job, ...old] : old,
      );
      return refresh();
    },
    onError: (err) => (err instanceof ApiError && err.code === "conflict" ? refresh() : undefined),
  });
}
