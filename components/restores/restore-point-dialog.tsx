"use client";

import { useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { restorePointInput, type RestorePointInput } from "@/lib/domain/restore-point-input";
import { ApiError, apiFetch, errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { backupKeys } from "@/components/backups/backup-queries";
import { buttonClass } from "@/components/ui/button-styles";
import { FormField, inputClass } from "@/components/ui/form-field";
import { restoreKeys } from "@/components/restores/restore-queries";

/**
 * "Create restore point": a small modal asking for a name, then pg_create_restore_point() on the
 * cluster (POST /api/v1/clusters/:id/restore-points). On success the timeline is fetched again so
 * the new flag shows. While the modal is open the trigger is not rendered.
 */
export function RestorePointDialog({ clusterId }: { clusterId: string }) {
  const [open, setOpen] = useState(false);
  const restoreFocus = useRef(false);

  if (!open) {
    return (
      <button
        type="button"
        className={buttonClass("secondary")}
        onClick={() => setOpen(true)}
        ref={(el) => {
          if (el && restoreFocus.current) {
            restoreFocus.current = false;
            el.focus();
          }
        }}
      >
        Create restore point
      </button>
    );
  }
  return (
    <RestorePointForm
      clusterId={clusterId}
      onClose={() => {
        setOpen(false);
        restoreFocus.current = true;
      }}
    />
  );
}

function RestorePointForm({ clusterId, onClose }: { clusterId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<RestorePointInput>({ resolver: zodResolver(restorePointInput), defaultValues: { name: "" } });

  const submit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await apiFetch(`/api/v1/clusters/${encodeURIComponent(clusterId)}/restore-points`, { method: "POST", body: values });
    } catch (err) {
      const nameError = err instanceof ApiError ? err.fields.name?.join(" ") : undefined;
      if (nameError) setError("name", { type: "server", message: nameError });
      else setFormError(errorMessage(err));
      return;
    }
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: backupKeys.timeline(clusterId) }),
      queryClient.invalidateQueries({ queryKey: restoreKeys.points(clusterId) }),
    ]);
    onClose();
  });

  return (
    <dialog
      ref={(el) => {
        if (el && !el.open) el.showModal();
      }}
      aria-labelledby="restore-point-title"
      aria-describedby="restore-point-desc"
      onCancel={(e) => {
        e.preventDefault();
        if (!isSubmitting) onClose();
      }}
      className="m-auto w-full max-w-md rounded-md border border-neutral-300 bg-white p-0 text-neutral-900 shadow-xl backdrop:bg-neutral-900/40"
    >
      <form noValidate className="space-y-3 p-4" onSubmit={(e) => void submit(e)}>
        <h2 id="restore-point-title" className="text-base font-semibold">
          Create restore point
        </h2>
        <p id="restore-point-desc" className="text-sm text-neutral-700">
          Marks this moment in the cluster&apos;s WAL with a name (pg_create_restore_point), so you can restore to exactly here later, e.g.
          just before a migration.
        </p>
        <FormField id="restore-point-name" label="Restore point name" error={errors.name?.message} hint="At most 63 bytes.">
          {(a) => (
            <input
              {...a}
              type="text"
              autoComplete="off"
              spellCheck={false}
              autoFocus
              className={`${inputClass} font-mono`}
              {...register("name")}
            />
          )}
        </FormField>
        <ErrorAlert message={formError} />
        <div className="flex items-center justify-end gap-2 pt-1">
          {isSubmitting ? <span className="mr-auto text-sm text-neutral-500">Creating…</span> : null}
          <button type="button" className={buttonClass("secondary")} onClick={onClose} disabled={isSubmitting}>
            Cancel
          </button>
          <button type="submit" className={buttonClass("primary")} disabled={isSubmitting}>
            Create restore point
          </button>
        </div>
      </form>
    </dialog>
  );
}
