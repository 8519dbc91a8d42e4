"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { PolicyInput } from "@/lib/domain/policy-input";
import type { RetentionRules } from "@/lib/domain/retention";
import type { JobView } from "@/lib/jobs/job-view";
import type { PolicyView } from "@/lib/policies/policy-view";
import type { ClusterScheduleView } from "@/lib/policies/get-cluster-schedule";
import type { RetentionPreviewView } from "@/lib/retention/retention-view";
import { apiFetch } from "@/components/ui/api";
import { clusterKeys } from "@/components/clusters/cluster-queries";

export const policyKeys = {
  all: ["policies"] as const,
  list: () => [...policyKeys.all, "list"] as const,
  detail: (id: string) => [...policyKeys.all, "detail", id] as const,
  schedule: (clusterId: string) => [...policyKeys.all, "schedule", clusterId] as const,
  preview: (clusterId: string, rules: string) => [...policyKeys.all, "preview", clusterId, rules] as const,
};

export function usePolicies() {
  return useQuery({
    queryKey: policyKeys.list(),
    queryFn: ({ signal }) => apiFetch<{ policies: PolicyView[] }>("/api/v1/policies", { signal }).then((r) => r.policies),
  });
}

export function usePolicy(id: string) {
  return useQuery({
    queryKey: policyKeys.detail(id),
    queryFn: ({ signal }) =>
      apiFetch<{ policy: PolicyView }>(`/api/v1/policies/${encodeURIComponent(id)}`, { signal }).then((r) => r.policy),
  });
}

/** Creates a policy, or saves an existing one (its clusters are rescheduled at once). */
export function useSavePolicy(id: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PolicyInput) =>
      apiFetch<{ policy: PolicyView }>(id ? `/api/v1/policies/${encodeURIComponent(id)}` : "/api/v1/policies", {
        method: id ? "PUT" : "POST",
        body: input,
      }).then((r) => r.policy),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: policyKeys.all }),
  });
}

export function useDeletePolicy(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<null>(`/api/v1/policies/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: policyKeys.all }),
  });
}

/** The dry run of retention rules against one cluster's backups; the previous answer stays up while the next loads. */
export function useRetentionPreview(clusterId: string | null, rules: RetentionRules | null) {
  const key = JSON.stringify(rules);
  return useQuery<RetentionPreviewView>({
    queryKey: policyKeys.preview(clusterId ?? "", key),
    queryFn: ({ signal }) =>
      apiFetch<{ preview: RetentionPreviewView }>(
        `/api/v1/clusters/${encodeURIComponent(clusterId!)}/retention/preview?${new URLSearchParams(Object.entries(rules!).map(([k, v]) => [k, String(v)]))}`,
        { signal },
      ).then((r) => r.preview),
    enabled: clusterId !== null && rules !== null,
    placeholderData: keepPreviousData,
  });
}

/** A cluster's policy, next runs, last runs and last enforcement; every 5 s while enforcement runs. */
export function useClusterSchedule(clusterId: string) {
  return useQuery({
    queryKey: policyKeys.schedule(clusterId),
    queryFn: ({ signal }) =>
      apiFetch<{ schedule: ClusterScheduleView }>(`/api/v1/clusters/${encodeURIComponent(clusterId)}/retention`, { signal }).then(
        (r) => r.schedule,
      ),
    refetchInterval: (q) => (q.state.data?.lastEnforcement?.status === "running" ? 2_000 : 15_000),
  });
}

export function useAssignPolicy(clusterId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (policyId: string | null) =>
      apiFetch<{ schedule: ClusterScheduleView }>(`/api/v1/clusters/${encodeURIComponent(clusterId)}/policy`, {
        method: "PUT",
        body: { policyId },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: policyKeys.all }),
  });
}

/** "Enforce now". */
export function useEnforceRetention(clusterId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ job: JobView }>(`/api/v1/clusters/${encodeURIComponent(clusterId)}/retention`, { method: "POST" }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: policyKeys.schedule(clusterId) }),
        queryClient.invalidateQueries({ queryKey: clusterKeys.jobs(clusterId) }),
      ]),
  });
}
