"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/ui/api";
import type { RestorePointView } from "@/lib/restore-points/list-restore-points";
import type { RestorePlanView } from "@/lib/restores/request-restore";
import type { RestoreRequestInput } from "@/lib/domain/restore-input";
import type { RestoreView } from "@/lib/restores/restore-view";

/** Query keys for restores, their plans and restore points, so mutations can invalidate precisely. */
export const restoreKeys = {
  all: ["restores"] as const,
  list: () => [...restoreKeys.all, "list"] as const,
  cluster: (clusterId: string) => [...restoreKeys.all, "cluster", clusterId] as const,
  detail: (id: string) => [...restoreKeys.all, "detail", id] as const,
  /** `body` is the dry-run body as JSON: the plan is keyed on exactly what was asked. */
  plan: (clusterId: string, body: string) => [...restoreKeys.all, "plan", clusterId, body] as const,
  points: (clusterId: string) => [...restoreKeys.all, "points", clusterId] as const,
};

/** A restore moves every second while it is queued or running. */
export const RESTORE_LIVE_MS = 1_000;
const REFRESH_MS = 5_000;
const IDLE_REFRESH_MS = 15_000;

export const restoreActive = (r: Pick<RestoreView, "status">) => r.status === "queued" || r.status === "running";
const anyActive = (rs: readonly RestoreView[] | undefined) => rs?.some(restoreActive) ?? false;

/** Every restore ever run, newest first. */
export function useRestores() {
  return useQuery({
    queryKey: restoreKeys.list(),
    queryFn: ({ signal }) => apiFetch<{ restores: RestoreView[] }>("/api/v1/restores?limit=200", { signal }).then((r) => r.restores),
    refetchInterval: (query) => (anyActive(query.state.data) ? REFRESH_MS / 2 : IDLE_REFRESH_MS),
  });
}

/** One cluster's restores, newest first. */
export function useClusterRestores(clusterId: string) {
  return useQuery({
    queryKey: restoreKeys.cluster(clusterId),
    queryFn: ({ signal }) =>
      apiFetch<{ restores: RestoreView[] }>(`/api/v1/clusters/${encodeURIComponent(clusterId)}/restores?limit=20`, { signal }).then(
        (r) => r.restores,
      ),
    refetchInterval: (query) => (anyActive(query.state.data) ? REFRESH_MS / 2 : IDLE_REFRESH_MS),
  });
}

/** One restore, polled every second while it is queued or running. */
export function useRestore(id: string) {
  return useQuery({
    queryKey: restoreKeys.detail(id),
    queryFn: ({ signal }) =>
      apiFetch<{ restore: RestoreView }>(`/api/v1/restores/${encodeURIComponent(id)}`, { signal }).then((r) => r.restore),
    refetchInterval: (query) => (query.state.data && !restoreActive(query.state.data) ? false : RESTORE_LIVE_MS),
  });
}

/** The cluster's named restore points, newest first. */
export function useRestorePoints(clusterId: string) {
  return useQuery({
    queryKey: restoreKeys.points(clusterId),
    queryFn: ({ signal }) =>
      apiFetch<{ restorePoints: RestorePointView[] }>(`/api/v1/clusters/${encodeURIComponent(clusterId)}/restore-points`, { signal }).then(
        (r) => r.restorePoints,
      ),
  });
}

/**
 * The dry run for a restore form's values: what would be restored, from which backup, how long it
 * would take, or why it is refused. `body` is the request body as JSON (null: nothing to ask yet).
 * Refusals are answers, not failures: no retries.
 */
export function useRestorePlan(clusterId: string, body: string | null) {
  return useQuery<RestorePlanView>({
    queryKey: restoreKeys.plan(clusterId, body ?? ""),
    queryFn: ({ signal }) =>
      apiFetch<{ plan: RestorePlanView }>(`/api/v1/clusters/${encodeURIComponent(clusterId)}/restores`, {
        method: "POST",
        body: { ...(JSON.parse(body!) as RestoreRequestInput), dryRun: true },
        signal,
      }).then((r) => r.plan),
    enabled: body !== null,
    // While the next answer is on its way, the last one stays up (marked as updating).
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 15_000,
  });
}
