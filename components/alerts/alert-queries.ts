"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/ui/api";
import type { AlertView, DeliveryView } from "@/lib/alerts/alert-view";

export const alertKeys = {
  all: ["alerts"] as const,
  list: (filters: AlertFilters) => [...alertKeys.all, "list", filters] as const,
  detail: (id: string) => [...alertKeys.all, "detail", id] as const,
  counts: () => [...alertKeys.all, "counts"] as const,
};

export interface AlertFilters {
  clusterId?: string;
  rule?: string;
  state?: "open" | "acknowledged" | "resolved" | "unresolved";
}

const REFRESH_MS = 10_000;

export function useAlerts(filters: AlertFilters) {
  const qs = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1])));
  return useQuery({
    queryKey: alertKeys.list(filters),
    queryFn: ({ signal }) => apiFetch<{ alerts: AlertView[] }>(`/api/v1/alerts?${qs}`, { signal }).then((r) => r.alerts),
    refetchInterval: REFRESH_MS,
  });
}

export function useAlert(id: string | null) {
  return useQuery({
    queryKey: alertKeys.detail(id ?? ""),
    enabled: id !== null,
    queryFn: ({ signal }) =>
      apiFetch<{ alert: AlertView; deliveries: DeliveryView[] }>(`/api/v1/alerts/${encodeURIComponent(id!)}`, { signal }),
    refetchInterval: REFRESH_MS,
  });
}

export function useAlertCounts() {
  return useQuery({
    queryKey: alertKeys.counts(),
    queryFn: ({ signal }) => apiFetch<{ open: number; critical: number; acknowledged: number }>("/api/v1/alerts/counts", { signal }),
    refetchInterval: REFRESH_MS,
  });
}

export function useAcknowledge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; comment: string }) =>
      apiFetch<{ alert: AlertView }>(`/api/v1/alerts/${encodeURIComponent(v.id)}/acknowledge`, {
        method: "POST",
        body: { comment: v.comment },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: alertKeys.all }),
  });
}
