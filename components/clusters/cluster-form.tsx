"use client";

import Link from "next/link";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { clusterCreateInput, COMPRESSIONS, SSL_MODES, WAL_MODES, type ClusterCreateInput, type ClusterUpdateInput } from "@/lib/domain/cluster-input";
import type { RepositoryView } from "@/lib/repositories/repository-view";
import { ErrorAlert } from "@/components/ui/alert";
import { placeFormErrors } from "@/components/ui/server-errors";
import { buttonClass } from "@/components/ui/button-styles";
import { FormField, inputClass } from "@/components/ui/form-field";

/**
 * The form for registering and editing a cluster. It validates with the server's own schema
 * (clusterCreateInput), plus one UI-only flag for removing a saved password when editing. An empty
 * repository choice ("") means "leave it to the server" and is not sent.
 */
const clusterFormSchema = clusterCreateInput.extend({
  removePassword: z.boolean(),
  repositoryId: z.union([z.literal(""), z.uuid("Choose a repository.")]),
  // Empty means no limit; otherwise the server's own rule.
  backupMaxRateKb: z.union([z.literal(""), clusterCreateInput.shape.backupMaxRateKb.unwrap().unwrap()]),
});

export type ClusterFormInput = z.input<typeof clusterFormSchema>;
export type ClusterFormValues = z.output<typeof clusterFormSchema>;

const SERVER_FIELDS = ["name", "host", "port", "database", "username", "password", "sslmode", "repositoryId", "compression", "walMode", "backupMaxRateKb", "rpoTargetMinutes", "backupEveryHours"] as const;

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

/** POST /api/v1/clusters body. An empty password field means "no password". */
export function toCreateBody(v: ClusterFormValues): ClusterCreateInput {
  const { removePassword: _removePassword, password, repositoryId, backupMaxRateKb, ...rest } = v;
  const body = { ...rest, backupMaxRateKb: backupMaxRateKb === "" ? null : backupMaxRateKb, ...(repositoryId ? { repositoryId } : {}) };
  return password ? { ...body, password } : body;
}

/** PATCH /api/v1/clusters/:id body. An empty password keeps the saved one; the checkbox removes it. */
export function toUpdateBody(v: ClusterFormValues): ClusterUpdateInput {
  const { removePassword, password, repositoryId, backupMaxRateKb, ...rest } = v;
  const body = { ...rest, backupMaxRateKb: backupMaxRateKb === "" ? null : backupMaxRateKb, ...(repositoryId ? { repositoryId } : {}) };
  if (removePassword) return { ...body, password: null };
  return password ? { ...body, password } : body;
}

interface ClusterFormProps {
  mode: "create" | "edit";
  defaultValues?: Partial<ClusterFormInput>;
  /** Edit mode: whether the cluster has a password saved now. */
  hasSavedPassword?: boolean;
  /** The repositories to choose from (GET /api/v1/repositories); new clusters default to the first. */
  repositories: readonly RepositoryView[];
  cancelHref: string;
  /** Sends the values; throws ApiError on refusal. The caller navigates away on success. */
  onSubmit: (values: ClusterFormValues) => Promise<void>;
}

export function ClusterForm({ mode, defaultValues, hasSavedPassword = false, repositories, cancelHref, onSubmit }: ClusterFormProps) {
  const [formError, setFormError] = useState<string | null>(null);
  const initialRepositoryId = defaultValues?.repositoryId ?? repositories[0]?.id ?? "";
  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isSubmitting, isSubmitSuccessful },
  } = useForm<ClusterFormInput, unknown, ClusterFormValues>({
    resolver: zodResolver(clusterFormSchema),
    defaultValues: {
      name: "",
      host: "",
      port: 5432,
      database: "postgres",
      username: "",
      password: "",
      sslmode: "prefer",
      removePassword: false,
      compression: "zstd",
      walMode: "streaming",
      backupMaxRateKb: "",
      rpoTargetMinutes: 60,
      backupEveryHours: 24,
      ...defaultValues,
      repositoryId: initialRepositoryId,
    },
  });
  const removePassword = useWatch({ control, name: "removePassword" });

  const submit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await onSubmit(values);
    } catch (err) {
      setFormError(placeFormErrors(err, SERVER_FIELDS, setError));
      // Re-throw so react-hook-form marks the submission unsuccessful.
      throw err;
    }
  });

  const busy = isSubmitting || isSubmitSuccessful;
  const passwordHint =
    mode === "edit"
      ? removePassword
        ? "The saved password will be removed when you save."
        : hasSavedPassword
        ? "A password is saved: leave empty to keep the saved password."
        : "No password is saved: leave empty to connect without one (trust, peer via .pgpass, or certificates)."
      : "Optional. Stored encrypted; it is never shown again.";

  return (
    <form
      noValidate
      onSubmit={(e) => {
        // Errors are shown in the form; keep them out of the console as unhandled rejections.
        submit(e).catch(() => undefined);
      }}
      className="max-w-2xl space-y-4"
    >
      <ErrorAlert message={formError} />

      <FormField id="cluster-name" label="Name" error={errors.name?.message} hint="How this cluster appears in Wayback, e.g. billing-prod.">
        {(a) => <input {...a} type="text" autoComplete="off" className={inputClass} {...register("name")} />}
      </FormField>

      <div className="grid grid-cols-1 gap-4 sm:grid-cols-[1fr_8rem]">
        <FormField id="cluster-host" label="Host" error={errors.host?.message}>
          {(a) => (
            <input {...a} type="text" autoComplete="off" spellCheck={false} placeholder="db1.example.com" className={`${inputClass} font-mono`} {...register("host")} />
          )}
        </FormField>
        <FormField id="cluster-port" label="Port" error={errors.port?.message}>
          {(a) => <input {...a} type="number" inputMode="numeric" min={1} max={65535} className={`${inputClass} font-mono`} {...register("port")} />}
        </FormField>
      </div>

      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <FormField id="cluster-database" label="Database" error={errors.database?.message}>
          {(a) => <input {...a} type="text" autoComplete="off" spellCheck={false} className={`${inputClass} font-mono`} {...register("database")} />}
        </FormField>
        <FormField id="cluster-username" label="User" error={errors.username?.message} hint="A role with REPLICATION (or a superuser).">
          {(a) => <input {...a} type="text" autoComplete="off" spellCheck={false} className={`${inputClass} font-mono`} {...register("username")} />}
        </FormField>
      </div>

      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <FormField id="cluster-password" label="Password" error={errors.password?.message} hint={passwordHint}>
          {(a) => (
            <input
              {...a}
              type="password"
              autoComplete="new-password"
              className={inputClass}
              {...register("password", { disabled: mode === "edit" && removePassword })}
            />
          )}
        </FormField>
        <FormField id="cluster-sslmode" label="SSL mode" error={errors.sslmode?.message} hint="verify-full checks the server certificate and host name.">
          {(a) => (
            <select {...a} className={`${inputClass} font-mono`} {...register("sslmode")}>
              {SSL_MODES.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>

      {mode === "edit" && hasSavedPassword ? (
        <div className="flex items-center gap-2">
          <input id="cluster-remove-password" type="checkbox" className="size-4 accent-neutral-900" {...register("removePassword")} />
          <label htmlFor="cluster-remove-password" className="text-sm text-neutral-800">
            Remove saved password
          </label>
        </div>
      ) : null}

      <fieldset className="space-y-4 border-t border-neutral-200 pt-4">
        <legend className="float-left mb-3 w-full text-sm font-semibold text-neutral-800">Backup settings</legend>
        <div className="clear-both grid grid-cols-1 gap-4 sm:grid-cols-2">
          <FormField
            className="sm:col-span-2"
            id="cluster-repository"
            label="Repository"
            error={errors.repositoryId?.message}
            hint={repositories.length === 0 ? "No repositories yet: an admin can add one on the Repositories page." : "Where backups and WAL are stored."}
          >
            {(a) => (
              <select {...a} className={inputClass} {...register("repositoryId")}>
                {initialRepositoryId === "" ? (
                  <option value="">{mode === "create" ? "Default (oldest repository)" : "— none —"}</option>
                ) : null}
                {repositories.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name} ({r.path})
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
            label="RPO target (minutes)"
            error={errors.rpoTargetMinutes?.message}
            hint="An alert opens when the latest recoverable moment falls further behind while WAL is written."
          >
            {(a) => <input {...a} type="number" inputMode="numeric" min={1} className={inputClass} {...register("rpoTargetMinutes")} />}
          </FormField>
        </div>
      </fieldset>

      <div className="flex items-center gap-2 border-t border-neutral-200 pt-4">
        <button type="submit" className={buttonClass("primary")} disabled={busy}>
          Save cluster
        </button>
        <Link href={cancelHref} className={buttonClass("secondary")}>
          Cancel
        </Link>
        {isSubmitting ? <span className="text-sm text-neutral-500">Saving…</span> : null}
      </div>
    </form>
  );
}
