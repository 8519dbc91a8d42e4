"use client";

import { useRef, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { RepositoryView } from "@/lib/views/repository-view";
import { apiFetch, errorMessage } from "@/components/api";
import { ErrorAlert } from "@/components/alert";
import { buttonClass, dangerSolidClass } from "@/components/button-styles";
import { repositoryKeys } from "@/components/repository-queries";

/**
 * "Delete" for one repository: a modal asks to confirm, and shows the server's refusal (409) when
 * clusters or backups still use it. The trigger is not rendered while the modal is open.
 */
export function DeleteRepositoryDialog({ repository: r }: { repository: RepositoryView }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const restoreFocus = useRef(false);
  const titleId = `delete-repository-${r.id}-title`;

  const remove = useMutation({
    mutationFn: () => apiFetch<void>(`/api/v1/repositories/${encodeURIComponent(r.id)}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: repositoryKeys.all }),
  });

  const close = () => {
    if (remove.isPending) return;
    setOpen(false);
    remove.reset();
    restoreFocus.current = true;
  };

  if (!open) {
    return (
      <button
        type="button"
        aria-label={`Delete repository ${r.name}`}
        className={`${buttonClass("danger")} px-2 py-0.5 text-xs`}
        onClick={() => setOpen(true)}
        ref={(el) => {
          if (el && restoreFocus.current) {
            restoreFocus.current = false;
            el.focus();
          }
        }}
      >
        Delete
      </button>
    );
  }

  const busy = remove.isPending || remove.isSuccess;
  return (
    <dialog
      ref={(el) => {
        if (el && !el.open) el.showModal();
      }}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        close();
      }}
      className="m-auto w-full max-w-md rounded-md border border-neutral-300 bg-white p-0 text-neutral-900 shadow-xl backdrop:bg-neutral-900/40"
    >
      <div className="space-y-3 p-4 text-left">
        <h2 id={titleId} className="text-base font-semibold">
          Delete repository {r.name}?
        </h2>
        <p className="text-sm text-neutral-700">
          Wayback forgets the repository at <span className="font-mono break-all">{r.path}</span>. Files already in the directory are not removed.
          A repository that clusters or backups still use cannot be deleted.
        </p>
        <ErrorAlert message={remove.isError ? errorMessage(remove.error) : null} />
        <div className="flex items-center justify-end gap-2 pt-1">
          {remove.isPending ? <span className="mr-auto text-sm text-neutral-500">Deleting…</span> : null}
          <button type="button" className={buttonClass("secondary")} onClick={close} disabled={busy} autoFocus>
            Cancel
          </button>
          <button type="button" className={dangerSolidClass} onClick={() => remove.mutate()} disabled={busy}>
            Delete repository
          </button>
        </div>
      </div>
    </dialog>
  );
}
