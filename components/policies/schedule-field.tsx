"use client";

import type { UseFormRegisterReturn } from "react-hook-form";
import { checkCron, isTimeZone, nextRuns } from "@/lib/domain/cron-schedule";
import { FormField, inputClass } from "@/components/ui/form-field";
import { formatInZone } from "@/components/ui/format";

/**
 * A cron field with what it means underneath as you type: the next five runs in the policy's time
 * zone, or why the expression is refused. Empty means the schedule is off.
 */
export function ScheduleField({
  id,
  label,
  value,
  timeZone,
  error,
  disabled,
  registration,
}: {
  id: string;
  label: string;
  value: string;
  timeZone: string;
  error: string | undefined;
  disabled: boolean;
  registration: UseFormRegisterReturn;
}) {
  const text = value.trim();
  const check = text === "" ? null : checkCron(text);
  const runs = check?.ok && isTimeZone(timeZone) ? nextRuns(text, timeZone, new Date(), 5) : [];
  const hint =
    text === "" ? (
      "Off: leave empty for no schedule."
    ) : runs.length > 0 ? (
      <span>
        Next runs ({timeZone}):
        <span className="mt-0.5 block tabular-nums" data-testid={`${id}-next-runs`}>
          {runs.map((d) => formatInZone(d.toISOString(), timeZone)).join(" · ")}
        </span>
      </span>
    ) : null;
  return (
    <FormField id={id} label={label} error={error ?? (check && !check.ok ? check.reason : undefined)} hint={hint}>
      {(a) => (
        <input
          {...a}
          type="text"
          autoComplete="off"
          spellCheck={false}
          placeholder="0 3 * * *"
          disabled={disabled}
          className={`${inputClass} font-mono`}
          {...registration}
        />
      )}
    </FormField>
  );
}
