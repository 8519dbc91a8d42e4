"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api";
import type { AuditEventView } from "@/lib/audit/find-audit-events";
import type { AuditOutcome } from "@/lib/audit/schemas";

export interface AuditFilters {
  user?: string;
  action?: string;
  outcome?: AuditOutcome;
  /** ISO timestamps with offset. */
  from?: string;
  to?: string;
}

export const auditKeys = {
  all: ["audit"] as const,
  list: (filters: AuditFilters) => [...auditKeys.all, "list", filters] as const,
};

export function useAuditEvents(filters: AuditFilters) {
  const qs = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1])));
  return useQuery({
    queryKey: auditKeys.list(filters),
    queryFn: ({ signal }) => apiFetch<{ events: AuditEventView[] }>(`/api/v1/audit?${qs}`, { signal }).then((r) => r.events),
    refetchInterval: 15_000,
  });
}
