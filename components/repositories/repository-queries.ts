"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/ui/api";
import type { RepositoryView } from "@/lib/repositories/repository-view";

export const repositoryKeys = {
  all: ["repositories"] as const,
  list: () => [...repositoryKeys.all, "list"] as const,
};

export interface RepositoriesAnswer {
  repositories: RepositoryView[];
  /** Directories under which the server accepts repository paths (WAYBACK_REPO_ROOTS). */
  allowedRoots: string[];
}

export function useRepositories() {
  return useQuery({
    queryKey: repositoryKeys.list(),
    queryFn: ({ signal }) => apiFetch<RepositoriesAnswer>("/api/v1/repositories", { signal }),
    refetchInterval: 15_000,
  });
}
