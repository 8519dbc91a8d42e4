"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { JobView } from "@/lib/jobs/job-view";
import type { VerificationView } from "@/lib/verification/verification-view";
import { ApiError, apiFetch } from "@/components/ui/api";
import { clusterKeys } from "@/components/clusters/cluster-queries";

export const verificationKeys = {
  all: ["verifications"] as const,
  cluster: (clusterId: string) => [...verificationKeys.all, "cluster", clusterId] as const,
  backup: (backupId: string) => [...verificationKeys.all, "backup", backupId] as const,
  /** The "Verify" mutation: the panel reads its error, the button starts it. */
  start: (clusterId: string) => [...verificationKeys.all, "start", clusterId] as const,
};

const LIVE_REFRESH_MS = 1_000;
const IDLE_REFRESH_MS = 15_000;

const url = (clusterId: string, query = "") => `/api/v1/clusters/${encodeURIComponent(clusterId)}/verifications${query && `?${query}`}`;

/**
 * The cluster's two newest verifications, newest first: a running one and the last result. Polled
 * every second while one runs or `live` says one is queued.
 */
export function useRecentVerifications(clusterId: string, live: boolean) {
  return useQuery({
    queryKey: verificationKeys.cluster(clusterId),
    queryFn: ({ signal }) =>
      apiFetch<{ verifications: VerificationView[] }>(url(clusterId, "limit=2"), { signal }).then((r) => r.verifications),
    refetchInterval: (query) => (live || query.state.data?.some((v) => v.status === "running") ? LIVE_REFRESH_MS : IDLE_REFRESH_MS),
  });
}

/** The newest verification that checked this backup, narrowed to this backup (null: never verified). */
export function useBackupVerification(clusterId: string, backupId: string) {
  return useQuery({
    queryKey: verificationKeys.backup(backupId),
    queryFn: ({ signal }) =>
      apiFetch<{ verifications: VerificationView[] }>(url(clusterId, `backupId=${encodeURIComponent(backupId)}`), { signal }).then(
        (r) => r.verifications[0] ?? null,
      ),
    refetchInterval: IDLE_REFRESH_MS,
  });
}

/**
 * "Verify" (POST /api/v1/clusters/:id/verifications). On success, or when one is already running
 * (409), the jobs and the latest verification are refetched so the progress panel shows it.
 */
export function useVerifyNow(clusterId: string) {
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: clusterKeys.jobs(clusterId) }),
      queryClient.invalidateQueries({ queryKey: verificationKeys.cluster(clusterId) }),
    ]);
  return useMutation({
    mutationKey: verificationKeys.start(clusterId),
    // repositoryId: a copy repository to read instead of the primary.
    mutationFn: (repositoryId?: string) =>
      apiFetch<{ job: JobView }>(url(clusterId, repositoryId ? `repositoryId=${encodeURIComponent(repositoryId)}` : undefined), {
        method: "POST",
      }),
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
