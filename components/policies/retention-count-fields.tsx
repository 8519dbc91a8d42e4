"use client";

import type { FieldErrors, UseFormRegister } from "react-hook-form";
import type { PolicyFormValues } from "@/lib/domain/policy-input";
import { FormField, inputClass } from "@/components/ui/form-field";
import type { CountField } from "@/components/policies/policy-form-schema";

/** One group of the policy's retention counts (backups or dumps), with an optional note under them. */
export function RetentionCountFields({
  legend,
  counts,
  register,
  errors,
  disabled,
  children,
}: {
  legend: string;
  counts: readonly CountField[];
  register: UseFormRegister<PolicyFormValues>;
  errors: FieldErrors<PolicyFormValues>;
  disabled: boolean;
  children?: React.ReactNode;
}) {
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-semibold text-neutral-700">{legend}</legend>
      <div className="grid gap-4 sm:grid-cols-2">
        {counts.map(([field, label, hint]) => (
          <FormField key={field} id={`policy-${field}`} label={label} hint={hint || undefined} error={errors[field]?.message}>
            {(a) => (
              <input {...a} type="number" min={0} inputMode="numeric" disabled={disabled} className={inputClass} {...register(field)} />
            )}
          </FormField>
        ))}
      </div>
      {children}
    </fieldset>
  );
}
