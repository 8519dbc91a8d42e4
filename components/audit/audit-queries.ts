"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/ui/api";
import type { AuditEventView } from "@/lib/audit/find-audit-events";
import type { AuditOutcome } from "@/lib/domain/audit-input";

export interface AuditFilters {
  user?: string;
  action?: string;
  outcome?: AuditOutcome;
  /** ISO timestamps with offset. */
  from?: string;
  to?: string;
}

export const AUDIT_PAGE_SIZE = 100;

export const auditKeys = {
  all: ["audit"] as const,
  list: (filters: AuditFilters) => [...auditKeys.all, "list", filters] as const,
};

/** The log in pages of AUDIT_PAGE_SIZE, newest first; the next page continues after the last record. */
export function useAuditEvents(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(filters),
    initialPageParam: null as string | null,
    queryFn: ({ signal, pageParam }) => {
      const qs = new URLSearchParams(
        Object.entries({ ...filters, before: pageParam ?? undefined, limit: String(AUDIT_PAGE_SIZE) }).filter((e): e is [string, string] =>
          Boolean(e[1]),
        ),
      );
      return apiFetch<{ events: AuditEventView[] }>(`/api/v1/audit?${qs}`, { signal }).then((r) => r.events);
    },
    getNextPageParam: (last) => (last.length === AUDIT_PAGE_SIZE ? last.at(-1)!.id : null),
  });
}
