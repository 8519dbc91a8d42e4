"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RequestDumpBody, RequestDumpRestoreBody } from "@/lib/domain/dump-input";
import type { DumpDetailView, DumpRestoreView, DumpView } from "@/lib/dumps/dump-view";
import type { JobView } from "@/lib/jobs/job-view";
import { ApiError, apiFetch } from "@/components/ui/api";
import { clusterKeys } from "@/components/clusters/cluster-queries";

export type DumpStatusFilter = "" | DumpView["status"];

export const dumpKeys = {
  all: ["dumps"] as const,
  list: (status: DumpStatusFilter) => [...dumpKeys.all, "list", status] as const,
  cluster: (clusterId: string) => [...dumpKeys.all, "cluster", clusterId] as const,
  detail: (id: string) => [...dumpKeys.all, "detail", id] as const,
};

const LIVE_REFRESH_MS = 1_000;
const IDLE_REFRESH_MS = 15_000;
const DETAIL_REFRESH_MS = 5_000;

const anyRunning = (dumps: readonly DumpView[] | undefined) => dumps?.some((d) => d.status === "running") ?? false;
const restoreRunning = (d: DumpDetailView | undefined) => d?.restores.some((r) => r.status === "running") ?? false;

export function useDumps(status: DumpStatusFilter) {
  return useQuery({
    queryKey: dumpKeys.list(status),
    queryFn: ({ signal }) => {
      const q = new URLSearchParams({ limit: "200" });
      if (status) q.set("status", status);
      return apiFetch<{ dumps: DumpView[] }>(`/api/v1/dumps?${q}`, { signal }).then((r) => r.dumps);
    },
    refetchInterval: (query) => (anyRunning(query.state.data) ? LIVE_REFRESH_MS * 2 : IDLE_REFRESH_MS),
  });
}

/** One cluster's dumps, newest first; every second while one runs. */
export function useClusterDumps(clusterId: string) {
  return useQuery({
    queryKey: dumpKeys.cluster(clusterId),
    queryFn: ({ signal }) =>
      apiFetch<{ dumps: DumpView[] }>(`/api/v1/clusters/${encodeURIComponent(clusterId)}/dumps?limit=50`, { signal }).then((r) => r.dumps),
    refetchInterval: (query) => (anyRunning(query.state.data) ? LIVE_REFRESH_MS : IDLE_REFRESH_MS),
  });
}

/**
 * One dump with its table of contents and restores: every second while it or a restore runs, and
 * every few seconds otherwise (a verification started from the page lands on the dump).
 */
export function useDump(id: string) {
  return useQuery({
    queryKey: dumpKeys.detail(id),
    queryFn: ({ signal }) => apiFetch<{ dump: DumpDetailView }>(`/api/v1/dumps/${encodeURIComponent(id)}`, { signal }).then((r) => r.dump),
    refetchInterval: (query) =>
      query.state.data?.status === "running" || restoreRunning(query.state.data) ? LIVE_REFRESH_MS : DETAIL_REFRESH_MS,
  });
}

/** "Dump now"; a 409 (one is running) refreshes the list so it shows. */
export function useDumpNow(clusterId: string) {
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: dumpKeys.cluster(clusterId) }),
      queryClient.invalidateQueries({ queryKey: clusterKeys.jobs(clusterId) }),
    ]);
  return useMutation({
    mutationFn: (input: RequestDumpBody) =>
      apiFetch<{ dump: DumpDetailView }>(`/api/v1/clusters/${encodeURIComponent(clusterId)}/dumps`, { method: "POST", body: input }),
    onSuccess: refresh,
    onError: (err) => (err instanceof ApiError && err.code === "conflict" ? refresh() : undefined),
  });
}

export function useRestoreDump(dumpId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RequestDumpRestoreBody) =>
      apiFetch<{ restore: DumpRestoreView }>(`/api/v1/dumps/${encodeURIComponent(dumpId)}/restores`, { method: "POST", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dumpKeys.detail(dumpId) }),
  });
}

/** Stops and removes a dump restore's new instance; the dump's page polls until it is gone. */
export function useDiscardDumpRestore(dumpId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (dumpRestoreId: string) =>
      apiFetch<{ job: JobView }>(`/api/v1/dump-restores/${encodeURIComponent(dumpRestoreId)}/discard`, { method: "POST" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dumpKeys.detail(dumpId) }),
  });
}

export function useVerifyDump(dumpId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ job: JobView }>(`/api/v1/dumps/${encodeURIComponent(dumpId)}/verifications`, { method: "POST" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dumpKeys.detail(dumpId) }),
  });
}
