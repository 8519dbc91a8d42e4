"use client";

import { useRef, useState, type ReactNode } from "react";
import { useMutation } from "@tanstack/react-query";
import { errorMessage } from "@/components/api";
import { ErrorAlert } from "@/components/alert";
import { buttonClass, dangerSolidClass } from "@/components/button-styles";

/**
 * A small danger button that opens a modal asking to confirm, runs `action`, and shows the
 * server's refusal (the last admin, say) in the modal. The trigger is not rendered while open.
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
  const [open, setOpen] = useState(false);
  const restoreFocus = useRef(false);
  const run = useMutation({ mutationFn: action, onSuccess: () => setOpen(false) });
  const titleId = `${id}-title`;

  const close = () => {
    if (run.isPending) return;
    setOpen(false);
    run.reset();
    restoreFocus.current = true;
  };

  if (!open) {
    return (
      <button
        type="button"
        aria-label={triggerLabel}
        className={`${buttonClass("danger")} px-2 py-0.5 text-xs`}
        onClick={() => setOpen(true)}
        ref={(el) => {
          if (el && restoreFocus.current) {
            restoreFocus.current = false;
            el.focus();
          }
        }}
      >
        {trigger}
      </button>
    );
  }

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
          {title}
        </h2>
        <div className="text-sm text-neutral-700">{children}</div>
        <ErrorAlert message={run.isError ? errorMessage(run.error) : null} />
        <div className="flex items-center justify-end gap-2 pt-1">
          {run.isPending ? <span className="mr-auto text-sm text-neutral-500">{busyText}</span> : null}
          <button type="button" className={buttonClass("secondary")} onClick={close} disabled={run.isPending} autoFocus>
            Cancel
          </button>
          <button type="button" className={dangerSolidClass} onClick={() => run.mutate()} disabled={run.isPending}>
            {confirm}
          </button>
        </div>
      </div>
    </dialog>
  );
}
