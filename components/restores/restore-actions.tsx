"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { JobView } from "@/lib/jobs/job-view";
import type { RestoreView } from "@/lib/restores/restore-view";
import { apiFetch, errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { restoreKeys } from "@/components/restores/restore-queries";
import { jobFinished, useJob } from "@/components/jobs/use-job";

type Action = "promote" | "discard";

const FAILED: Record<Action, string> = {
  promote: "Promoting the copy failed.",
  discard: "Discarding the copy failed.",
};

/**
 * Promote a copy paused at its target, or discard a copy (stop it, remove its files: asked to
 * confirm first). The work runs in the worker: the buttons wait for that job, and show its error
 * when it fails.
 */
export function RestoreActions({ restore: r }: { restore: RestoreView }) {
  const queryClient = useQueryClient();
  const [asked, setAsked] = useState<{ action: Action; jobId: string } | null>(null);
  const ask = async (action: Action) => {
    const { job } = await apiFetch<{ job: JobView }>(`/api/v1/restores/${encodeURIComponent(r.id)}/${action}`, { method: "POST" });
    setAsked({ action, jobId: job.id });
  };
  const promote = useMutation({ mutationFn: () => ask("promote") });
  const outcome = useJob(asked?.jobId ?? null);
  const done = outcome.data !== undefined && jobFinished(outcome.data);
  useEffect(() => {
    if (done) void queryClient.invalidateQueries({ queryKey: restoreKeys.detail(r.id) });
  }, [done, r.id, queryClient]);

  const canPromote = r.status === "paused";
  const canDiscard = r.destination === "new_instance" && (r.status === "paused" || r.status === "complete");
  const failedJob = asked && outcome.data?.status === "failed" ? outcome.data : null;
  if (!canPromote && !canDiscard && !failedJob) return null;
  const busy = promote.isPending || (asked !== null && !done);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {canPromote ? (
          <button type="button" className={buttonClass("primary")} disabled={busy} onClick={() => promote.mutate()}>
            Promote
          </button>
        ) : null}
        {canDiscard && !busy ? (
          <ConfirmDialog
            id="discard-copy"
            trigger="Discard copy"
            triggerLabel="Discard copy"
            triggerClass={buttonClass("danger")}
            title="Discard this copy?"
            confirm="Discard copy"
            busyText="Asking the worker…"
            action={() => ask("discard")}
          >
            The restored instance on port <span className="font-mono">{r.port}</span> is stopped and its data directory{" "}
            <span className="font-mono break-all">{r.dataDir}</span> is removed. Anything written to the copy is lost. The source cluster
            and its backups are not touched.
          </ConfirmDialog>
        ) : null}
        {busy ? (
          <span role="status" className="self-center text-sm text-neutral-500">
            {outcome.data?.status === "queued" ? "Waiting for a worker…" : "Working…"}
          </span>
        ) : null}
      </div>
      {promote.isError ? <ErrorAlert title="The worker was not asked." message={errorMessage(promote.error)} /> : null}
      {failedJob && asked ? (
        <ErrorAlert title={FAILED[asked.action]} message={failedJob.error ?? "The worker recorded no error message."} />
      ) : null}
      {outcome.isError ? <ErrorAlert title="Could not follow the worker's job." message={errorMessage(outcome.error)} /> : null}
    </div>
  );
}
