"use client";

import type { UseFormRegister } from "react-hook-form";
import { FormField, inputClass } from "@/components/ui/form-field";
import type { RestoreFormInput } from "@/components/restores/restore-form-schema";
import { useLiveWorkerHosts } from "@/components/workers/worker-queries";

/**
 * The worker host a new instance is restored on: only hosts with a live worker are offered (the
 * server refuses others). Left at the default, the live plan names the host Wayback picks.
 */
export function RestoreHostField({
  register,
  proposed,
  error,
}: {
  register: UseFormRegister<RestoreFormInput>;
  /** The live plan's host; null before the first plan, or while no worker is live. */
  proposed: string | null;
  error: string | undefined;
}) {
  const { hosts } = useLiveWorkerHosts();
  return (
    <FormField
      id="restore-worker-host"
      label="Worker host"
      error={error}
      hint="The host that holds the new instance; hosts with a live worker are listed."
      className="sm:col-span-2"
    >
      {(a) => (
        <select {...a} className={inputClass} {...register("workerHost")}>
          <option value="">{proposed ? `Default (${proposed})` : "Default"}</option>
          {hosts.map((h) => (
            <option key={h} value={h}>
              {h}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}
