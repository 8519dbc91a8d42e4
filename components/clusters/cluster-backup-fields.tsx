"use client";

import type { FieldErrors, UseFormRegister } from "react-hook-form";
import { BACKUP_ENGINES, type BackupEngineName } from "@/lib/domain/backup-kind";
import { BACKUP_FROM, COMPRESSIONS, WAL_MODES } from "@/lib/domain/cluster-input";
import type { RepositoryView } from "@/lib/repositories/repository-view";
import { codeInputProps, FormField, inputClass } from "@/components/ui/form-field";
import type { ClusterFormInput } from "@/components/clusters/cluster-form-schema";

const ENGINE_LABELS: Record<BackupEngineName, string> = {
  wayback: "Wayback",
  pgbackrest: "pgBackRest",
};

// One line on what choosing each engine means (decision 0029).
const ENGINE_HINTS: Record<BackupEngineName, string> = {
  wayback: "Wayback's own engine: full backups with pg_basebackup, WAL streamed or archived into the repository.",
  pgbackrest:
    "pgBackRest on a stanza Wayback writes: full, differential and incremental backups; it runs where the data directory is and archives through archive_command.",
};

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

const BACKUP_FROM_LABELS: Record<(typeof BACKUP_FROM)[number], string> = {
  primary: "The primary",
  "prefer-standby": "A standby when one answers, else the primary",
  standby: "A standby only (fail when none answers)",
};

/** The cluster form's "Backup settings": engine, repository, compression, rate limit, WAL archiving. */
export function ClusterBackupFields({
  register,
  errors,
  mode,
  repositories,
  initialRepositoryId,
  engine,
  importedStanza,
}: {
  register: UseFormRegister<ClusterFormInput>;
  errors: FieldErrors<ClusterFormInput>;
  mode: "create" | "edit";
  repositories: readonly RepositoryView[];
  /** "" when the form opened without a repository: then an empty choice is offered. */
  initialRepositoryId: string;
  /** The engine chosen now: pgBackRest asks for the data directory. */
  engine: BackupEngineName;
  /** The cluster runs on an imported stanza, whose own config names the data directory. */
  importedStanza: boolean;
}) {
  return (
    <fieldset className="space-y-4 border-t border-neutral-200 pt-4">
      <legend className="float-left mb-3 w-full text-sm font-semibold text-neutral-800">Backup settings</legend>
      <div className="clear-both grid grid-cols-1 gap-4 sm:grid-cols-2">
        <FormField
          className="sm:col-span-2"
          id="cluster-engine"
          label="Backup engine"
          error={errors.engine?.message}
          hint={ENGINE_HINTS[engine]}
        >
          {(a) => (
            <select {...a} className={inputClass} {...register("engine")}>
              {BACKUP_ENGINES.map((e) => (
                <option key={e} value={e}>
                  {ENGINE_LABELS[e]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        {engine === "pgbackrest" ? (
          <FormField
            className="sm:col-span-2"
            id="cluster-data-dir"
            label="Data directory"
            error={errors.localDataDir?.message}
            hint={
              importedStanza
                ? "The imported stanza's own config names it (pg1-path); optional here."
                : "The cluster's data directory on the worker's host (pgBackRest's pg1-path), e.g. /var/lib/postgresql/15/main."
            }
          >
            {(a) => <input {...a} {...codeInputProps} placeholder="/var/lib/postgresql/15/main" {...register("localDataDir")} />}
          </FormField>
        ) : null}
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
        <FormField
          id="cluster-backup-from"
          label="Back up from"
          error={errors.backupFrom?.message}
          hint="A standby spares the primary; WAL always streams from the primary."
        >
          {(a) => (
            <select {...a} className={inputClass} {...register("backupFrom")}>
              {BACKUP_FROM.map((m) => (
                <option key={m} value={m}>
                  {BACKUP_FROM_LABELS[m]}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>
      <div className="flex items-start gap-2">
        <input
          id="cluster-synchronous-receive"
          type="checkbox"
          className="mt-0.5 size-4 accent-neutral-900"
          {...register("synchronousReceive")}
        />
        <label htmlFor="cluster-synchronous-receive" className="text-sm text-neutral-800">
          Synchronous receive (streaming only)
          <span className="block text-xs text-neutral-500">
            The receiver confirms WAL as it flushes it. Listed in synchronous_standby_names, commits wait for it: no committed transaction
            is lost, at the cost of a round trip to the worker per commit — and commits wait while it is down.
          </span>
        </label>
      </div>
    </fieldset>
  );
}
