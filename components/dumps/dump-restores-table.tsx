"use client";

import { useState } from "react";
import type { DumpRestoreView } from "@/lib/dumps/dump-view";
import { errorMessage } from "@/components/ui/api";
import { buttonClass } from "@/components/ui/button-styles";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { DataTable } from "@/components/ui/data-table";
import { useDiscardDumpRestore } from "@/components/dumps/dump-queries";
import { dumpPhaseLabel, dumpRestoreStatus } from "@/components/dumps/dump-status";
import { formatDuration } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { jobFinished, useJob } from "@/components/jobs/use-job";

/**
 * Restores of one dump: where to, what was chosen, and every error pg_restore (or psql) printed.
 * A new instance shows how to reach it, and can be discarded (stopped and removed).
 */
export function DumpRestoresTable({ restores, canDiscard }: { restores: readonly DumpRestoreView[]; canDiscard: boolean }) {
  return (
    <DataTable
      caption="Restores of this dump"
      columns={[{ label: "Into" }, { label: "Status" }, { label: "Started" }, { label: "What" }, { label: "Duration", numeric: true }]}
    >
      {restores.map((r) => {
        const status = dumpRestoreStatus(r.status);
        const what = r.selection
          ? [...r.selection.schemas.map((s) => `schema ${s}`), ...r.selection.tables.map((t) => `${t.schema}.${t.name}`)].join(", ")
          : "Everything";
        return (
          <tr key={r.id} className="align-top">
            <td className="px-3 py-2 break-words">
              <span className="font-medium">{r.targetDatabase}</span>
              <span className="text-neutral-500"> on {r.target === "new_instance" ? "a new local instance" : r.targetClusterName}</span>
              {r.instance ? <InstanceCell restore={r} canDiscard={canDiscard} /> : null}
            </td>
            <td className="max-w-md px-3 py-2">
              <StatusBadge tone={status.tone}>{status.label}</StatusBadge>
              {r.status === "running" ? <p className="mt-1 text-xs text-neutral-500">{dumpPhaseLabel(r.job?.phase)}</p> : null}
              {r.error ? <p className="mt-1 text-xs break-words text-red-800">{r.error}</p> : null}
              {r.errors ? (
                <details className="mt-1">
                  <summary className="cursor-pointer text-xs text-sky-800">
                    {r.errorCount} {r.errorCount === 1 ? "error" : "errors"} reported
                  </summary>
                  <pre
                    aria-label="Restore errors"
                    className="mt-1 max-h-64 overflow-auto rounded bg-neutral-50 px-2 py-1.5 font-mono text-xs whitespace-pre-wrap break-words ring-1 ring-neutral-200 ring-inset"
                  >
                    {r.errors}
                  </pre>
                </details>
              ) : null}
            </td>
            <td className="px-3 py-2 whitespace-nowrap">
              <Time iso={r.createdAt} />
            </td>
            <td className="max-w-xs px-3 py-2 text-xs break-words">{what}</td>
            <td className="px-3 py-2 text-right tabular-nums whitespace-nowrap">
              {r.restoreMs === null ? "—" : formatDuration(r.restoreMs)}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}

function InstanceCell({ restore: r, canDiscard }: { restore: DumpRestoreView; canDiscard: boolean }) {
  const discard = useDiscardDumpRestore(r.dumpId);
  // The discard runs in the worker: follow its job, so a failure shows instead of "Discarding…" forever.
  const [jobId, setJobId] = useState<string | null>(null);
  const outcome = useJob(jobId);
  const working = jobId !== null && !(outcome.data && jobFinished(outcome.data));
  const instance = r.instance!;
  if (instance.discardedAt) return <p className="mt-1 text-xs text-neutral-500">Instance removed</p>;
  return (
    <div className="mt-1 space-y-1 text-xs">
      {instance.connectionString ? (
        <p className="flex flex-wrap items-center gap-2">
          <code aria-label="Connection string" className="font-mono break-all">
            {instance.connectionString}
          </code>
          <CopyButton text={instance.connectionString} label="Copy connection string" />
        </p>
      ) : null}
      <p className="text-neutral-500">
        <span className="font-mono break-all">{instance.dataDir}</span>, port {instance.port}
      </p>
      {canDiscard && r.status !== "running" && !working ? (
        <ConfirmDialog
          id={`discard-dump-restore-${r.id}`}
          trigger="Discard"
          triggerLabel="Discard"
          triggerClass={buttonClass("danger")}
          title="Discard this instance?"
          confirm="Discard instance"
          busyText="Asking the worker…"
          action={async () => setJobId((await discard.mutateAsync(r.id)).job.id)}
        >
          The PostgreSQL instance on port <span className="font-mono">{instance.port}</span> is stopped and its data directory{" "}
          <span className="font-mono break-all">{instance.dataDir}</span> is removed, with anything written to it. The dump is not touched.
        </ConfirmDialog>
      ) : null}
      {working ? (
        <p role="status" className="text-neutral-500">
          Discarding…
        </p>
      ) : null}
      {outcome.data?.status === "failed" ? (
        <p role="alert" className="text-red-800">
          Discarding failed: {outcome.data.error ?? "the worker recorded no error message."}
        </p>
      ) : null}
      {outcome.isError ? <p className="text-red-800">{errorMessage(outcome.error)}</p> : null}
    </div>
  );
}
