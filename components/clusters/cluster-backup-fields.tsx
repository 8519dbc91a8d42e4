"use client";

import type { FieldErrors, UseFormRegister } from "react-hook-form";
import { COMPRESSIONS, WAL_MODES } from "@/lib/domain/cluster-input";
import type { RepositoryView } from "@/lib/repositories/repository-view";
import { FormField, inputClass } from "@/components/ui/form-field";
import type { ClusterFormInput } from "@/components/clusters/cluster-form-schema";

const COMPRESSION_LABELS: Record<(typeof COMPRESSIONS)[number], string> = {
  zstd: "zstd (recommended)",
  gzip: "gzip",
  lz4: "lz4 (fastest)",
  none: "none",
};

const WAL_MODE_LABELS: Record<(typeof WAL_MODES)[number], string> = {
  streaming: "Streaming (pg_receivewal)",
  archive_command: "archive_command",
};

/** The cluster form's "Backup settings": repository, compression, rate limit, WAL archiving. */
export function ClusterBackupFields({
  register,
  errors,
  mode,
  repositories,
  initialRepositoryId,
}: {
  register: UseFormRegister<ClusterFormInput>;
  errors: FieldErrors<ClusterFormInput>;
  mode: "create" | "edit";
  repositories: readonly RepositoryView[];
  /** "" when the form opened without a repository: then an empty choice is offered. */
  initialRepositoryId: string;
}) {
  return (
    <fieldset className="space-y-4 border-t border-neutral-200 pt-4">
      <legend className="float-left mb-3 w-full text-sm font-semibold text-neutral-800">Backup settings</legend>
      <div className="clear-both grid grid-cols-1 gap-4 sm:grid-cols-2">
        <FormField
          className="sm:col-span-2"
          id="cluster-repository"
          label="Repository"
          error={errors.repositoryId?.message}
          hint={
            repositories.length === 0
              ? "No repositories yet: an admin can add one on the Repositories page."
              : "Where backups and WAL are stored."
          }
        >
          {(a) => (
            <select {...a} className={inputClass} {...register("repositoryId")}>
              {initialRepositoryId === "" ? (
                <option value="">{mode === "create" ? "Default (oldest repository)" : "— none —"}</option>
              ) : null}
              {repositories.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name} ({r.location})
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField id="cluster-compression" label="Compression" error={errors.compression?.message} hint="Applies to new backups.">
          {(a) => (
            <select {...a} className={inputClass} {...register("compression")}>
              {COMPRESSIONS.map((m) => (
                <option key={m} value={m}>
                  {COMPRESSION_LABELS[m]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          id="cluster-max-rate"
          label="Backup rate limit (kB/s)"
          error={errors.backupMaxRateKb?.message}
          hint="Empty for no limit. Caps what pg_basebackup transfers per second, after server-side compression."
        >
          {(a) => <input {...a} type="number" inputMode="numeric" min={32} className={inputClass} {...register("backupMaxRateKb")} />}
        </FormField>
        <FormField
          id="cluster-wal-mode"
          label="WAL archiving"
          error={errors.walMode?.message}
          hint="Streaming needs REPLICATION and a slot; archive_command needs a line in postgresql.conf."
        >
          {(a) => (
            <select {...a} className={inputClass} {...register("walMode")}>
              {WAL_MODES.map((m) => (
                <option key={m} value={m}>
                  {WAL_MODE_LABELS[m]}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>
    </fieldset>
  );
}
