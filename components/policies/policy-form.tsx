"use client";

import { useMemo } from "react";
import type { PolicyView } from "@/lib/policies/policy-view";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { FormField, inputClass } from "@/components/ui/form-field";
import { COUNTS, DUMP_COUNTS, SCHEDULES } from "@/components/policies/policy-form-schema";
import { PolicyPreviewPanel } from "@/components/policies/policy-preview-panel";
import { RetentionCountFields } from "@/components/policies/retention-count-fields";
import { ScheduleField } from "@/components/policies/schedule-field";
import { usePolicyForm } from "@/components/policies/use-policy-form";

/**
 * A policy's schedules and retention, with what they mean as you type: each schedule's next runs,
 * and a dry run of the retention rules against a chosen cluster's real backups.
 */
export function PolicyForm({ policy, canEdit }: { policy: PolicyView | null; canEdit: boolean }) {
  const { register, errors, values, submit, formError, saved, isSubmitting } = usePolicyForm(policy);
  const zones = useMemo(() => Intl.supportedValuesOf("timeZone"), []);

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form
        noValidate
        aria-labelledby="policy-form-heading"
        onSubmit={(e) => void submit(e)}
        className="space-y-4 rounded border border-neutral-200 bg-white p-4"
      >
        <h2 id="policy-form-heading" className="text-base font-semibold">
          {policy ? "Policy" : "New policy"}
        </h2>
        <ErrorAlert message={formError} />
        {saved ? (
          <p role="status" className="text-sm text-green-800">
            Saved. Clusters using this policy are rescheduled.
          </p>
        ) : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id="policy-name" label="Name" error={errors.name?.message}>
            {(a) => <input {...a} type="text" autoComplete="off" disabled={!canEdit} className={inputClass} {...register("name")} />}
          </FormField>
          <FormField
            id="policy-time-zone"
            label="Time zone"
            error={errors.timeZone?.message}
            hint="Schedules run, and days, weeks and months are counted, in this zone."
          >
            {(a) => (
              <input
                {...a}
                type="text"
                list="policy-time-zones"
                autoComplete="off"
                disabled={!canEdit}
                className={inputClass}
                {...register("timeZone")}
              />
            )}
          </FormField>
          <datalist id="policy-time-zones">
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </div>
        <fieldset className="space-y-3">
          <legend className="text-sm font-semibold text-neutral-700">Schedules (cron: minute hour day-of-month month day-of-week)</legend>
          {SCHEDULES.map(([field, label]) => (
            <ScheduleField
              key={field}
              id={`policy-${field}`}
              label={label}
              value={String(values[field] ?? "")}
              timeZone={String(values.timeZone ?? "")}
              error={errors[field]?.message}
              disabled={!canEdit}
              registration={register(field)}
            />
          ))}
        </fieldset>
        <RetentionCountFields
          legend="Retention (grandfather-father-son)"
          counts={COUNTS}
          register={register}
          errors={errors}
          disabled={!canEdit}
        >
          <p className="text-xs text-neutral-500">
            WAL is kept from the oldest kept backup on, so any moment since its end can be restored. Nothing expires while the newest backup
            failed or none completed within the shortest period.
          </p>
        </RetentionCountFields>
        <RetentionCountFields
          legend="Logical dump retention"
          counts={DUMP_COUNTS}
          register={register}
          errors={errors}
          disabled={!canEdit}
        />
        {canEdit ? (
          <button type="submit" className={buttonClass("primary")} disabled={isSubmitting}>
            {policy ? "Save policy" : "Create policy"}
          </button>
        ) : null}
      </form>
      <PolicyPreviewPanel values={values} preferred={policy?.clusters[0]?.id ?? null} />
    </div>
  );
}
