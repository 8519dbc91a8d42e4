"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/ui/api";
import type { MonitoringView } from "@/lib/monitor/get-monitoring";

export const monitoringKeys = { detail: (id: string) => ["monitoring", id] as const };

export function useMonitoring(clusterId: string) {
  return useQuery({
    queryKey: monitoringKeys.detail(clusterId),
    queryFn: ({ signal }) => apiFetch<MonitoringView>(`/api/v1/clusters/${encodeURIComponent(clusterId)}/monitor`, { signal }),
    refetchInterval: 15_000,
  });
}
