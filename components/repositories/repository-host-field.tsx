"use client";

import type { FieldErrors, UseFormRegister } from "react-hook-form";
import { FormField, inputClass } from "@/components/ui/form-field";
import { fieldError, type RepositoryFormValues } from "@/components/repositories/repository-form-values";
import { useLiveWorkerHosts } from "@/components/workers/worker-queries";

/**
 * Which worker host's disk holds a posix repository's directory: its jobs run only there. A
 * shared mount (NFS and the like, reached by every worker host) lets any worker run them.
 */
export function RepositoryHostField({
  register,
  errors,
}: {
  register: UseFormRegister<RepositoryFormValues>;
  errors: FieldErrors<RepositoryFormValues>;
}) {
  const { hosts } = useLiveWorkerHosts();
  return (
    <FormField
      id="repository-worker-host"
      label="Worker host"
      error={fieldError(errors, "workerHost")}
      hint="The host whose disk holds the directory (hosts with a live worker are listed). A shared mount every worker host reaches runs on any of them."
    >
      {(a) => (
        <select {...a} className={inputClass} {...register("workerHost")}>
          <option value="">Shared mount (any worker host)</option>
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
