"use client";

import type { FieldErrors, UseFormRegister } from "react-hook-form";
import { FormField, inputClass } from "@/components/ui/form-field";
import type { ClusterFormInput } from "@/components/clusters/cluster-form-schema";

/** The cluster form's "Monitoring targets": when a missing backup or a lagging RPO opens an alert. */
export function ClusterMonitoringFields({
  register,
  errors,
}: {
  register: UseFormRegister<ClusterFormInput>;
  errors: FieldErrors<ClusterFormInput>;
}) {
  return (
    <fieldset className="space-y-4 border-t border-neutral-200 pt-4">
      <legend className="float-left mb-3 w-full text-sm font-semibold text-neutral-800">Monitoring targets</legend>
      <div className="clear-both grid grid-cols-1 gap-4 sm:grid-cols-2">
        <FormField
          id="cluster-backup-every"
          label="A backup is due every (hours)"
          error={errors.backupEveryHours?.message}
          hint="An alert opens when no backup completed within this period plus a quarter."
        >
          {(a) => <input {...a} type="number" inputMode="numeric" min={1} className={inputClass} {...register("backupEveryHours")} />}
        </FormField>
        <FormField
          id="cluster-rpo"
          label="RPO target (seconds)"
          error={errors.rpoTargetSeconds?.message}
          hint="An alert opens when the latest recoverable moment falls further behind while WAL is written."
        >
          {(a) => <input {...a} type="number" inputMode="numeric" min={1} className={inputClass} {...register("rpoTargetSeconds")} />}
        </FormField>
      </div>
    </fieldset>
  );
}
