"use client";

import type { FieldErrors, UseFormRegister } from "react-hook-form";
import { SSL_MODES } from "@/lib/domain/cluster-input";
import { codeInputProps, FormField, inputClass } from "@/components/ui/form-field";
import type { ClusterFormInput } from "@/components/clusters/cluster-form-schema";

/** The cluster form's name and how to connect: host, port, database, user, password, SSL mode. */
export function ClusterConnectionFields({
  register,
  errors,
  mode,
  hasSavedPassword,
  removePassword,
}: {
  register: UseFormRegister<ClusterFormInput>;
  errors: FieldErrors<ClusterFormInput>;
  mode: "create" | "edit";
  hasSavedPassword: boolean;
  removePassword: boolean;
}) {
  return (
    <>
      <FormField id="cluster-name" label="Name" error={errors.name?.message} hint="How this cluster appears in Wayback, e.g. billing-prod.">
        {(a) => <input {...a} type="text" autoComplete="off" className={inputClass} {...register("name")} />}
      </FormField>

      <div className="grid grid-cols-1 gap-4 sm:grid-cols-[1fr_8rem]">
        <FormField id="cluster-host" label="Host" error={errors.host?.message}>
          {(a) => <input {...a} {...codeInputProps} placeholder="db1.example.com" {...register("host")} />}
        </FormField>
        <FormField id="cluster-port" label="Port" error={errors.port?.message}>
          {(a) => (
            <input
              {...a}
              type="number"
              inputMode="numeric"
              min={1}
              max={65535}
              className={`${inputClass} font-mono`}
              {...register("port")}
            />
          )}
        </FormField>
      </div>

      <FormField
        id="cluster-other-hosts"
        label="Other hosts (standbys)"
        error={errors.otherHosts?.message}
        hint="One host:port a line, tried after the host above. Wayback connects to whichever host is primary now, so it follows a failover."
      >
        {(a) => (
          <textarea
            {...a}
            rows={2}
            autoComplete="off"
            spellCheck={false}
            placeholder="db2.example.com:5432"
            className={`${inputClass} font-mono`}
            {...register("otherHosts")}
          />
        )}
      </FormField>

      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <FormField id="cluster-database" label="Database" error={errors.database?.message}>
          {(a) => <input {...a} {...codeInputProps} {...register("database")} />}
        </FormField>
        <FormField id="cluster-username" label="User" error={errors.username?.message} hint="A role with REPLICATION (or a superuser).">
          {(a) => <input {...a} {...codeInputProps} {...register("username")} />}
        </FormField>
      </div>

      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <FormField
          id="cluster-password"
          label="Password"
          error={errors.password?.message}
          hint={passwordHint(mode, hasSavedPassword, removePassword)}
        >
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
        <FormField
          id="cluster-sslmode"
          label="SSL mode"
          error={errors.sslmode?.message}
          hint="verify-full checks the server certificate and host name."
        >
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
    </>
  );
}

/** What leaving the password empty means: when editing it depends on what is saved and on "Remove saved password". */
function passwordHint(mode: "create" | "edit", hasSavedPassword: boolean, removePassword: boolean): string {
  if (mode === "create") return "Optional. Stored encrypted; it is never shown again.";
  if (removePassword) return "The saved password will be removed when you save.";
  return hasSavedPassword
    ? "A password is saved: leave empty to keep the saved password."
    : "No password is saved: leave empty to connect without one (trust, peer via .pgpass, or certificates).";
}
