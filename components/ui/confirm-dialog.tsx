"use client";

import { useState, type ReactNode } from "react";
import { useMutation } from "@tanstack/react-query";
import { confirmsName } from "@/lib/domain/confirm-name";
import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass, dangerSolidClass } from "@/components/ui/button-styles";
import { ConfirmByName } from "@/components/ui/confirm-by-name";
import { ModalDialog } from "@/components/ui/modal-dialog";

/**
 * A danger button that opens a modal asking to confirm, runs `action`, and shows the server's
 * refusal (the last admin, say) in the modal. With `typeToConfirm`, the target's name must be typed
 * first (the server checks it again); `action` receives what was typed.
 */
export function ConfirmDialog({
  id,
  trigger,
  triggerLabel,
  triggerClass = `${buttonClass("danger")} px-2 py-0.5 text-xs`,
  title,
  confirm,
  busyText,
  typeToConfirm,
  children,
  action,
}: {
  id: string;
  trigger: string;
  triggerLabel: string;
  triggerClass?: string;
  title: string;
  confirm: string;
  busyText: string;
  typeToConfirm?: { what: string; name: string };
  children: ReactNode;
  action: (typed: string) => Promise<unknown>;
}) {
  const [typed, setTyped] = useState("");
  const run = useMutation({ mutationFn: () => action(typed) });
  const ready = !typeToConfirm || confirmsName(typed, typeToConfirm.name);
  return (
    <ModalDialog
      id={id}
      trigger={trigger}
      triggerLabel={triggerLabel}
      triggerClass={triggerClass}
      busy={run.isPending}
      onClose={() => {
        run.reset();
        setTyped("");
      }}
    >
      {({ titleId, close }) => (
        <form
          className="space-y-3 p-4 text-left"
          onSubmit={(e) => {
            e.preventDefault();
            if (ready && !run.isPending) run.mutate(undefined, { onSuccess: close });
          }}
        >
          <h2 id={titleId} className="text-base font-semibold">
            {title}
          </h2>
          <div className="text-sm text-neutral-700">{children}</div>
          {typeToConfirm ? (
            <ConfirmByName
              id={`${id}-confirm`}
              what={typeToConfirm.what}
              targetName={typeToConfirm.name}
              autoFocus
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
          ) : null}
          <ErrorAlert message={run.isError ? errorMessage(run.error) : null} />
          <div className="flex items-center justify-end gap-2 pt-1">
            {run.isPending ? <span className="mr-auto text-sm text-neutral-500">{busyText}</span> : null}
            <button type="button" className={buttonClass("secondary")} onClick={close} disabled={run.isPending} autoFocus={!typeToConfirm}>
              Cancel
            </button>
            <button type="submit" className={dangerSolidClass} disabled={!ready || run.isPending}>
              {confirm}
            </button>
          </div>
        </form>
      )}
    </ModalDialog>
  );
}
