"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { policyInput, retentionPreviewInput, type PolicyFormValues, type PolicyInput } from "@/lib/domain/policy-input";
import type { PolicyView } from "@/lib/policies/policy-view";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { useClusters } from "@/components/clusters/cluster-queries";
import { FormField, inputClass } from "@/components/ui/form-field";
import { useRetentionPreview, useSavePolicy } from "@/components/policies/policy-queries";
import { RetentionPreview } from "@/components/policies/retention-preview";
import { ScheduleField } from "@/components/policies/schedule-field";
import { placeFormErrors } from "@/components/ui/server-errors";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";

const SCHEDULES = [
  ["backupCron", "Full backup"],
  ["verifyCron", "Verification"],
  ["drillCron", "Restore drill"],
  ["retentionCron", "Retention enforcement"],
  ["dumpCron", "Logical dump (the cluster's database)"],
] as const;

const COUNTS = [
  ["keepDaily", "Daily backups", "The newest backup of each of the last N days."],
  ["keepWeekly", "Weekly backups", "… of each of the last N ISO weeks."],
  ["keepMonthly", "Monthly backups", "… of each of the last N months."],
  ["keepYearly", "Yearly backups", "… of each of the last N years."],
  ["minComplete", "Minimum complete backups", "Never fewer than this, whatever the periods say."],
] as const;

const DUMP_COUNTS = [
  ["dumpKeepDaily", "Daily dumps", "Per database, as for backups."],
  ["dumpKeepWeekly", "Weekly dumps", ""],
  ["dumpKeepMonthly", "Monthly dumps", ""],
  ["dumpKeepYearly", "Yearly dumps", ""],
  ["dumpMinComplete", "Minimum complete dumps", "Of each database."],
] as const;

const FIELDS = new Set<string>(["name", "timeZone", ...SCHEDULES.map(([f]) => f), ...[...COUNTS, ...DUMP_COUNTS].map(([f]) => f)]);

function defaults(p: PolicyView | null): PolicyFormValues {
  return {
    name: p?.name ?? "",
    timeZone: p?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    backupCron: p ? (p.backupCron ?? "") : "0 1 * * *",
    verifyCron: p ? (p.verifyCron ?? "") : "0 4 * * 0",
    drillCron: p ? (p.drillCron ?? "") : "0 5 * * 0",
    retentionCron: p ? (p.retentionCron ?? "") : "30 3 * * *",
    dumpCron: p?.dumpCron ?? "",
    keepDaily: p?.keepDaily ?? 7,
    keepWeekly: p?.keepWeekly ?? 4,
    keepMonthly: p?.keepMonthly ?? 12,
    keepYearly: p?.keepYearly ?? 0,
    minComplete: p?.minComplete ?? 2,
    dumpKeepDaily: p?.dumpKeepDaily ?? 7,
    dumpKeepWeekly: p?.dumpKeepWeekly ?? 4,
    dumpKeepMonthly: p?.dumpKeepMonthly ?? 0,
    dumpKeepYearly: p?.dumpKeepYearly ?? 0,
    dumpMinComplete: p?.dumpMinComplete ?? 1,
  };
}

/**
 * A policy's schedules and retention, with what they mean as you type: each schedule's next runs,
 * and a dry run of the retention rules against a chosen cluster's real backups.
 */
export function PolicyForm({ policy, canEdit }: { policy: PolicyView | null; canEdit: boolean }) {
  const router = useRouter();
  const save = useSavePolicy(policy?.id ?? null);
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const { register, handleSubmit, setError, control, formState: { errors, isSubmitting } } = useForm<PolicyFormValues, unknown, PolicyInput>({
    resolver: zodResolver(policyInput),
    defaultValues: defaults(policy),
    mode: "onChange",
  });
  const values = useWatch({ control });
  const zones = useMemo(() => Intl.supportedValuesOf("timeZone"), []);

  const submit = handleSubmit(async (input) => {
    setFormError(null);
    setSaved(false);
    try {
      const result = await save.mutateAsync(input);
      setSaved(true);
      if (!policy) router.push(`/policies/${encodeURIComponent(result.id)}`);
    } catch (err) {
      setFormError(placeFormErrors(err, FIELDS, setError));
    }
  });

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form noValidate aria-labelledby="policy-form-heading" onSubmit={(e) => void submit(e)} className="space-y-4 rounded border border-neutral-200 bg-white p-4">
        <h2 id="policy-form-heading" className="text-base font-semibold">{policy ? "Policy" : "New policy"}</h2>
        <ErrorAlert message={formError} />
        {saved ? <p role="status" className="text-sm text-green-800">Saved. Clusters using this policy are rescheduled.</p> : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id="policy-name" label="Name" error={errors.name?.message}>
            {(a) => <input {...a} type="text" autoComplete="off" disabled={!canEdit} className={inputClass} {...register("name")} />}
          </FormField>
          <FormField id="policy-time-zone" label="Time zone" error={errors.timeZone?.message} hint="Schedules run, and days, weeks and months are counted, in this zone.">
            {(a) => <input {...a} type="text" list="policy-time-zones" autoComplete="off" disabled={!canEdit} className={inputClass} {...register("timeZone")} />}
          </FormField>
          <datalist id="policy-time-zones">
            {zones.map((z) => <option key={z} value={z} />)}
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
        <fieldset className="space-y-3">
          <legend className="text-sm font-semibold text-neutral-700">Retention (grandfather-father-son)</legend>
          <div className="grid gap-4 sm:grid-cols-2">
            {COUNTS.map(([field, label, hint]) => (
              <FormField key={field} id={`policy-${field}`} label={label} hint={hint} error={errors[field]?.message}>
                {(a) => <input {...a} type="number" min={0} inputMode="numeric" disabled={!canEdit} className={inputClass} {...register(field)} />}
              </FormField>
            ))}
          </div>
          <p className="text-xs text-neutral-500">
            WAL is kept from the oldest kept backup on, so any moment since its end can be restored. Nothing expires while the newest backup failed or none completed
            within the shortest period.
          </p>
        </fieldset>
        <fieldset className="space-y-3">
          <legend className="text-sm font-semibold text-neutral-700">Logical dump retention</legend>
          <div className="grid gap-4 sm:grid-cols-2">
            {DUMP_COUNTS.map(([field, label, hint]) => (
              <FormField key={field} id={`policy-${field}`} label={label} hint={hint || undefined} error={errors[field]?.message}>
                {(a) => <input {...a} type="number" min={0} inputMode="numeric" disabled={!canEdit} className={inputClass} {...register(field)} />}
              </FormField>
            ))}
          </div>
        </fieldset>
        {canEdit ? (
          <button type="submit" className={buttonClass("primary")} disabled={isSubmitting}>
            {policy ? "Save policy" : "Create policy"}
          </button>
        ) : null}
      </form>
      <PreviewPanel values={values} preferred={policy?.clusters[0]?.id ?? null} />
    </div>
  );
}

/** The live dry run: the form's retention fields against the chosen cluster's backups, as they are typed. */
function PreviewPanel({ values, preferred }: { values: Partial<PolicyFormValues>; preferred: string | null }) {
  const clusters = useClusters();
  const [chosen, setChosen] = useState<string | null>(null);
  // A policy's own cluster first: that is whose backups its rules will decide about.
  const clusterId = chosen ?? preferred ?? clusters.data?.[0]?.id ?? null;
  const parsed = retentionPreviewInput.safeParse(values);
  const rules = useDebouncedValue(parsed.success ? JSON.stringify(parsed.data) : null, 300);
  const preview = useRetentionPreview(clusterId, rules ? JSON.parse(rules) : null);
  return (
    <section aria-labelledby="preview-heading" className="space-y-3 rounded border border-neutral-200 bg-white p-4">
      <h2 id="preview-heading" className="text-base font-semibold">Preview</h2>
      <label className="flex flex-col gap-1 text-sm">
        <span className="text-neutral-600">Against the backups of</span>
        <select value={clusterId ?? ""} onChange={(e) => setChosen(e.target.value)} className="rounded border border-neutral-300 px-2 py-1.5">
          {(clusters.data ?? []).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
      </label>
      {!parsed.success ? <p className="text-sm text-neutral-500">Fix the retention fields to see the preview.</p> : null}
      <ErrorAlert message={preview.error?.message} />
      {preview.data ? <RetentionPreview preview={preview.data} /> : null}
    </section>
  );
}
