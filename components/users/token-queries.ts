"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/ui/api";
import type { ApiTokenView } from "@/lib/auth/api-token-view";

export const tokenKeys = {
  all: ["tokens"] as const,
  list: () => [...tokenKeys.all, "list"] as const,
};

export function useTokens() {
  return useQuery({
    queryKey: tokenKeys.list(),
    queryFn: ({ signal }) => apiFetch<{ tokens: ApiTokenView[] }>("/api/v1/tokens", { signal }).then((r) => r.tokens),
  });
}
