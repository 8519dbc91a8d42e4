"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { acknowledgeAlertInput, type AcknowledgeAlertInput } from "@/lib/domain/alert-input";
import type { AlertView } from "@/lib/alerts/alert-view";
import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { useAcknowledge } from "@/components/alerts/alert-queries";
import { buttonClass } from "@/components/ui/button-styles";
import { FormField, inputClass } from "@/components/ui/form-field";

/** "Acknowledge": who is on it, with an optional comment; the alert still resolves by itself when its condition clears. */
export function AcknowledgeButton({ alert }: { alert: AlertView }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" className={buttonClass("secondary")} onClick={() => setOpen(true)}>
        Acknowledge
      </button>
    );
  }
  return <AcknowledgeForm alert={alert} onClose={() => setOpen(false)} />;
}

function AcknowledgeForm({ alert, onClose }: { alert: AlertView; onClose: () => void }) {
  const ack = useAcknowledge();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof acknowledgeAlertInput>, unknown, AcknowledgeAlertInput>({
    resolver: zodResolver(acknowledgeAlertInput),
    defaultValues: { comment: "" },
  });
  const submit = handleSubmit(async (v) => {
    setFormError(null);
    try {
      await ack.mutateAsync({ id: alert.id, comment: v.comment });
      onClose();
    } catch (err) {
      setFormError(errorMessage(err));
    }
  });
  return (
    <dialog
      ref={(el) => {
        if (el && !el.open) el.showModal();
      }}
      aria-labelledby={`ack-title-${alert.id}`}
      onCancel={(e) => {
        e.preventDefault();
        if (!isSubmitting) onClose();
      }}
      className="m-auto w-full max-w-md rounded-md border border-neutral-300 bg-white p-0 text-neutral-900 shadow-xl backdrop:bg-neutral-900/40"
    >
      <form noValidate className="space-y-3 p-4" onSubmit={(e) => void submit(e)}>
        <h2 id={`ack-title-${alert.id}`} className="text-base font-semibold">
          Acknowledge “{alert.ruleLabel}” on {alert.clusterName}
        </h2>
        <p className="text-sm text-neutral-700">
          Tells the team someone is on it. The alert still resolves by itself when the problem clears.
        </p>
        <FormField
          id={`ack-comment-${alert.id}`}
          label="Comment"
          error={errors.comment?.message}
          hint="Optional: what you are doing about it."
        >
          {(a) => <textarea {...a} rows={3} autoFocus className={inputClass} {...register("comment")} />}
        </FormField>
        <ErrorAlert message={formError} />
        <div className="flex items-center justify-end gap-2 pt-1">
          <button type="button" className={buttonClass("secondary")} onClick={onClose} disabled={isSubmitting}>
            Cancel
          </button>
          <button type="submit" className={buttonClass("primary")} disabled={isSubmitting}>
            Acknowledge
          </button>
        </div>
      </form>
    </dialog>
  );
}
