"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/ui/api";
import type { BackupDetailView, BackupView } from "@/lib/backups/backup-view";
import type { TimelineView } from "@/lib/timeline/timeline-view";

export type BackupStatusFilter = "" | BackupView["status"];
export type BackupOrder = "desc" | "asc";

/** Query keys for backups and the recovery picture they make, so mutations can invalidate precisely. */
export const backupKeys = {
  all: ["backups"] as const,
  list: (status: BackupStatusFilter, order: BackupOrder) => [...backupKeys.all, "list", status, order] as const,
  cluster: (clusterId: string) => [...backupKeys.all, "cluster", clusterId] as const,
  detail: (id: string) => [...backupKeys.all, "detail", id] as const,
  timeline: (clusterId: string) => [...backupKeys.all, "timeline", clusterId] as const,
};

/** Running backups move every second; the progress panel polls that fast while one runs. */
export const LIVE_REFRESH_MS = 1_000;
const REFRESH_MS = 5_000;
const IDLE_REFRESH_MS = 15_000;

const anyRunning = (backups: readonly BackupView[] | undefined) => backups?.some((b) => b.status === "running") ?? false;

/** Every cluster's backups, filtered and ordered by the server. */
export function useBackups(status: BackupStatusFilter, order: BackupOrder) {
  return useQuery({
    queryKey: backupKeys.list(status, order),
    queryFn: ({ signal }) => {
      const q = new URLSearchParams({ order, limit: "200" });
      if (status) q.set("status", status);
      return apiFetch<{ backups: BackupView[] }>(`/api/v1/backups?${q}`, { signal }).then((r) => r.backups);
    },
    refetchInterval: (query) => (anyRunning(query.state.data) ? REFRESH_MS / 2 : IDLE_REFRESH_MS),
  });
}

/**
 * One cluster's backups, newest first. Polled every second while one runs, or while `live` says a
 * backup job is queued and its row has not appeared yet.
 */
export function useClusterBackups(clusterId: string, live: boolean) {
  return useQuery({
    queryKey: backupKeys.cluster(clusterId),
    queryFn: ({ signal }) =>
      apiFetch<{ backups: BackupView[] }>(`/api/v1/clusters/${encodeURIComponent(clusterId)}/backups?order=desc&limit=50`, { signal }).then(
        (r) => r.backups,
      ),
    refetchInterval: (query) => (live || anyRunning(query.state.data) ? LIVE_REFRESH_MS : REFRESH_MS),
  });
}

/** One backup with its files and log; polled while it runs. */
export function useBackup(id: string) {
  return useQuery({
    queryKey: backupKeys.detail(id),
    queryFn: ({ signal }) =>
      apiFetch<{ backup: BackupDetailView }>(`/api/v1/backups/${encodeURIComponent(id)}`, { signal }).then((r) => r.backup),
    refetchInterval: (query) => (query.state.data?.status === "running" ? 2_000 : false),
  });
}

/** The cluster's recovery picture: windows, gaps, backups, archiving state. */
export function useTimeline(clusterId: string) {
  return useQuery({
    queryKey: backupKeys.timeline(clusterId),
    queryFn: ({ signal }) =>
      apiFetch<{ timeline: TimelineView }>(`/api/v1/clusters/${encodeURIComponent(clusterId)}/timeline`, { signal }).then(
        (r) => r.timeline,
      ),
    refetchInterval: REFRESH_MS,
  });
}
