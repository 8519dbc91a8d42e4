"use client";

import { useState, type ReactNode } from "react";

/**
 * A button that opens a modal <dialog>; Escape and `close` shut it unless `busy`, and focus goes
 * back to the button. The trigger is not rendered while the modal is open.
 */
export function ModalDialog({
  id,
  trigger,
  triggerLabel,
  triggerClass,
  busy,
  onClose,
  children,
}: {
  id: string;
  trigger: string;
  triggerLabel: string;
  triggerClass: string;
  busy: boolean;
  onClose?: () => void;
  children: (dialog: { titleId: string; close: () => void }) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  // The trigger mounts again when the modal closes: autoFocus then puts focus back on it.
  const [wasOpened, setWasOpened] = useState(false);
  const titleId = `${id}-title`;
  const close = () => {
    if (busy) return;
    setOpen(false);
    setWasOpened(true);
    onClose?.();
  };

  if (!open) {
    return (
      <button type="button" aria-label={triggerLabel} className={triggerClass} onClick={() => setOpen(true)} autoFocus={wasOpened}>
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
      {children({ titleId, close })}
    </dialog>
  );
}
