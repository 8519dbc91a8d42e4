"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { RestoreView } from "@/lib/views/restore-view";
import { apiFetch, errorMessage } from "@/components/api";
import { ErrorAlert } from "@/components/alert";
import { buttonClass } from "@/components/button-styles";
import { restoreKeys } from "@/components/restore-queries";

type Action = "promote" | "discard";

/**
 * Promote a copy paused at its target, or discard a copy (stop it, remove its files). The work
 * runs in the worker; the page polls until the restore's status moves.
 */
export function RestoreActions({ restore: r }: { restore: RestoreView }) {
  const queryClient = useQueryClient();
  const [waitingFrom, setWaitingFrom] = useState<RestoreView["status"] | null>(null);
  const run = useMutation({
    mutationFn: (action: Action) => apiFetch(`/api/v1/restores/${encodeURIComponent(r.id)}/${action}`, { method: "POST" }),
    onSuccess: () => setWaitingFrom(r.status),
  });

  // Waiting lasts until the status moves away from what it was when the worker was asked.
  const waiting = waitingFrom !== null && r.status === waitingFrom;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => void queryClient.invalidateQueries({ queryKey: restoreKeys.detail(r.id) }), 1000);
    return () => clearInterval(timer);
  }, [waiting, r.id, queryClient]);

  const canPromote = r.status === "paused";
  const canDiscard = r.destination === "new_instance" && (r.status === "paused" || r.status === "complete");
  if (!canPromote && !canDiscard) return null;
  const busy = run.isPending || waiting;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {canPromote ? (
          <button type="button" className={buttonClass("primary")} disabled={busy} onClick={() => run.mutate("promote")}>
            Promote
          </button>
        ) : null}
        {canDiscard ? (
          <button type="button" className={buttonClass("danger")} disabled={busy} onClick={() => run.mutate("discard")}>
            Discard copy
          </button>
        ) : null}
        {busy ? <span className="self-center text-sm text-neutral-500">Working…</span> : null}
      </div>
      {run.isError ? <ErrorAlert title="The worker was not asked." message={errorMessage(run.error)} /> : null}
    </div>
  );
}
