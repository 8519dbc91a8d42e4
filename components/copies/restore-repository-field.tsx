"use client";

import type { UseFormRegisterReturn } from "react-hook-form";
import { useClusterCopies } from "@/components/copies/copies-queries";
import { FormField, inputClass } from "@/components/ui/form-field";

/**
 * The restore form's "Read from": offered once the cluster has copy repositories. Empty: the
 * primary when it holds the backup and the WAL to the target, else a copy repository that does.
 */
export function RestoreRepositoryField({
  clusterId,
  error,
  registration,
}: {
  clusterId: string;
  error: string | undefined;
  registration: UseFormRegisterReturn<"repositoryId">;
}) {
  const copies = useClusterCopies(clusterId);
  const targets = copies.data?.repositories ?? [];
  if (targets.length === 0) return null;
  return (
    <FormField
      id="restore-repository"
      label="Read from"
      error={error}
      hint="A copy repository serves only when it holds the chosen backup and every WAL segment up to the target."
      className="max-w-xl"
    >
      {(a) => (
        <select {...a} className={inputClass} {...registration}>
          <option value="">The primary repository (or a copy that holds the target)</option>
          {targets.map((t) => (
            <option key={t.repositoryId} value={t.repositoryId}>
              Copy repository {t.name}
              {t.walLag.segments > 0 ? ` (${t.walLag.segments} segment(s) behind)` : ""}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}
