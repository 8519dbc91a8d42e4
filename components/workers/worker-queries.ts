"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/ui/api";
import type { WorkerView } from "@/lib/workers/worker-view";

// About a heartbeat: a worker that stops shows as gone within seconds of the rule saying so.
const REFRESH_MS = 5_000;

export function useWorkers() {
  return useQuery({
    queryKey: ["workers"],
    queryFn: ({ signal }) => apiFetch<{ workers: WorkerView[] }>("/api/v1/workers", { signal }).then((r) => r.workers),
    refetchInterval: REFRESH_MS,
  });
}

/** The hosts with a live worker, by name: what host pickers offer (a job sent elsewhere would wait). */
export function useLiveWorkerHosts() {
  const workers = useWorkers();
  return { ...workers, hosts: [...new Set((workers.data ?? []).filter((w) => w.state === "live").map((w) => w.host))].sort() };
}
