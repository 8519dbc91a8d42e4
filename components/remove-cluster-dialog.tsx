"use client";

import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch, errorMessage } from "@/components/api";
import { ErrorAlert } from "@/components/alert";
import { buttonClass, dangerSolidClass } from "@/components/button-styles";
import { clusterKeys } from "@/components/cluster-queries";
import { ConfirmByName } from "@/components/confirm-by-name";
import { confirmsName } from "@/lib/domain/confirm-name";

/**
 * "Remove cluster": opens a modal that asks for the cluster's name before deleting it, then
 * returns to the cluster list. While the modal is open the trigger is not rendered, so exactly
 * one "Remove cluster" button exists at any time.
 */
export function RemoveClusterDialog({ clusterId, clusterName }: { clusterId: string; clusterName: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const restoreFocus = useRef(false);

  const remove = useMutation({
    mutationFn: () => apiFetch<void>(`/api/v1/clusters/${encodeURIComponent(clusterId)}?${new URLSearchParams({ confirm: typed })}`, { method: "DELETE" }),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: clusterKeys.detail(clusterId) });
      queryClient.removeQueries({ queryKey: clusterKeys.jobs(clusterId) });
      await queryClient.invalidateQueries({ queryKey: clusterKeys.list() });
      router.replace("/clusters");
      router.refresh();
    },
  });

  const close = () => {
    if (remove.isPending) return;
    setOpen(false);
    setTyped("");
    remove.reset();
    restoreFocus.current = true;
  };

  if (!open) {
    return (
      <button
        type="button"
        className={buttonClass("danger")}
        onClick={() => setOpen(true)}
        ref={(el) => {
          if (el && restoreFocus.current) {
            restoreFocus.current = false;
            el.focus();
          }
        }}
      >
        Remove cluster
      </button>
    );
  }

  const matches = confirmsName(typed, clusterName);
  const busy = remove.isPending || remove.isSuccess;
  return (
    <dialog
      ref={(el) => {
        if (el && !el.open) el.showModal();
      }}
      aria-labelledby="remove-cluster-title"
      aria-describedby="remove-cluster-desc"
      onCancel={(e) => {
        e.preventDefault();
        close();
      }}
      className="m-auto w-full max-w-md rounded-md border border-neutral-300 bg-white p-0 text-neutral-900 shadow-xl backdrop:bg-neutral-900/40"
    >
      <form
        className="space-y-3 p-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (matches && !busy) remove.mutate();
        }}
      >
        <h2 id="remove-cluster-title" className="text-base font-semibold">
          Remove cluster
        </h2>
        <p id="remove-cluster-desc" className="text-sm text-neutral-700">
          Wayback forgets <strong className="font-mono">{clusterName}</strong>, its saved connection and its check history.
          The PostgreSQL server itself is not touched.
        </p>
        <ConfirmByName id="remove-cluster-confirm" what="cluster" targetName={clusterName} autoFocus value={typed} onChange={(e) => setTyped(e.target.value)} />
        <ErrorAlert message={remove.isError ? errorMessage(remove.error) : null} />
        <div className="flex items-center justify-end gap-2 pt-1">
          {remove.isPending ? <span className="mr-auto text-sm text-neutral-500">Removing…</span> : null}
          <button type="button" className={buttonClass("secondary")} onClick={close} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className={dangerSolidClass} disabled={!matches || busy}>
            Remove cluster
          </button>
        </div>
      </form>
    </dialog>
  );
}
