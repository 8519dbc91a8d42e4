"use client";

import type { ReactNode } from "react";
import { useMutation } from "@tanstack/react-query";
import { errorMessage } from "@/components/api";
import { ErrorAlert } from "@/components/alert";
import { buttonClass, dangerSolidClass } from "@/components/button-styles";
import { ModalDialog } from "@/components/modal-dialog";

/**
 * A small danger button that opens a modal asking to confirm, runs `action`, and shows the
 * server's refusal (the last admin, say) in the modal.
 */
export function ConfirmDialog({
  id,
  trigger,
  triggerLabel,
  title,
  confirm,
  busyText,
  children,
  action,
}: {
  id: string;
  trigger: string;
  triggerLabel: string;
  title: string;
  confirm: string;
  busyText: string;
  children: ReactNode;
  action: () => Promise<unknown>;
}) {
  const run = useMutation({ mutationFn: action });
  return (
    <ModalDialog id={id} trigger={trigger} triggerLabel={triggerLabel} triggerClass={`${buttonClass("danger")} px-2 py-0.5 text-xs`} busy={run.isPending} onClose={() => run.reset()}>
      {({ titleId, close }) => (
        <div className="space-y-3 p-4 text-left">
          <h2 id={titleId} className="text-base font-semibold">
            {title}
          </h2>
          <div className="text-sm text-neutral-700">{children}</div>
          <ErrorAlert message={run.isError ? errorMessage(run.error) : null} />
          <div className="flex items-center justify-end gap-2 pt-1">
            {run.isPending ? <span className="mr-auto text-sm text-neutral-500">{busyText}</span> : null}
            <button type="button" className={buttonClass("secondary")} onClick={close} disabled={run.isPending} autoFocus>
              Cancel
            </button>
            <button type="button" className={dangerSolidClass} onClick={() => run.mutate(undefined, { onSuccess: close })} disabled={run.isPending}>
              {confirm}
            </button>
          </div>
        </div>
      )}
    </ModalDialog>
  );
}
