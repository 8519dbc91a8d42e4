"use client";

import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { hasRole, ROLES } from "@/lib/domain/roles";
import { tokenCreateInput, type TokenCreateInput } from "@/lib/domain/auth-input";
import type { ApiTokenView } from "@/lib/auth/api-token-view";
import type { UserView } from "@/lib/auth/user-view";
import { apiFetch } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { CopyButton } from "@/components/ui/copy-button";
import { FormField, inputClass } from "@/components/ui/form-field";
import { placeFormErrors } from "@/components/ui/server-errors";
import { tokenKeys } from "@/components/users/token-queries";

type FormInput = z.input<typeof tokenCreateInput>;
const FIELDS = ["name", "userId", "role", "expiresInDays"] as const;
const EXPIRIES = [
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
  { days: 365, label: "1 year" },
  { days: null, label: "Never (until revoked)" },
];

/**
 * Creates an API token (POST /api/v1/tokens) and shows it once, with how to use it; the role
 * choices stop at the chosen user's own role.
 */
export function TokenForm({ users }: { users: readonly UserView[] }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ token: ApiTokenView; secret: string } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    reset,
    control,
    formState: { errors, isSubmitting },
  } = useForm<FormInput, unknown, TokenCreateInput>({
    resolver: zodResolver(tokenCreateInput),
    defaultValues: { name: "", userId: users[0]?.id ?? "", role: "viewer", expiresInDays: 90 },
  });
  const userId = useWatch({ control, name: "userId" });
  const role = useWatch({ control, name: "role" });
  const owner = users.find((u) => u.id === userId);
  const roles = ROLES.filter((r) => !owner || hasRole(owner.role, r));

  const submit = handleSubmit(async (values) => {
    setFormError(null);
    setCreated(null);
    try {
      const answer = await apiFetch<{ token: ApiTokenView; secret: string }>("/api/v1/tokens", { method: "POST", body: values });
      setCreated(answer);
      reset({ name: "", userId: values.userId, role: values.role, expiresInDays: values.expiresInDays });
      await queryClient.invalidateQueries({ queryKey: tokenKeys.all });
    } catch (err) {
      setFormError(placeFormErrors(err, FIELDS, setError));
    }
  });

  return (
    <form
      noValidate
      onSubmit={(e) => void submit(e)}
      aria-label="Create API token"
      className="space-y-3 rounded border border-neutral-200 bg-white p-4"
    >
      <h2 className="text-base font-semibold">Create API token</h2>
      <ErrorAlert message={formError} />
      {created ? (
        <div role="status" className="space-y-2 rounded border border-green-300 bg-green-50 p-3 text-sm text-green-900">
          <p className="font-medium">Token {created.token.name} created. Copy it now: it is not shown again.</p>
          <div className="flex flex-wrap items-center gap-2">
            <code
              aria-label="New API token"
              className="rounded bg-white px-2 py-1 font-mono text-xs break-all text-neutral-900 ring-1 ring-green-300"
            >
              {created.secret}
            </code>
            <CopyButton text={created.secret} label="Copy the new API token" />
          </div>
          <p className="text-xs">
            Use it as <code className="font-mono">Authorization: Bearer …</code>, e.g.{" "}
            <code className="font-mono break-all">
              curl -H &quot;Authorization: Bearer $WAYBACK_TOKEN&quot; {typeof window === "undefined" ? "" : window.location.origin}
              /api/v1/clusters
            </code>
          </p>
        </div>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-4">
        <FormField id="token-name" label="Name" error={errors.name?.message} hint="What uses it, e.g. nightly-ci.">
          {(a) => <input {...a} type="text" autoComplete="off" className={inputClass} {...register("name")} />}
        </FormField>
        <FormField id="token-user" label="Acts as user" error={errors.userId?.message}>
          {(a) => (
            <select
              {...a}
              className={inputClass}
              {...register("userId", {
                onChange: (e: React.ChangeEvent<HTMLSelectElement>) => {
                  const u = users.find((x) => x.id === e.target.value);
                  if (u && role && !hasRole(u.role, role)) setValue("role", u.role);
                },
              })}
            >
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.username} ({u.role})
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField id="token-role" label="Role" error={errors.role?.message} hint="At most the user's role.">
          {(a) => (
            <select {...a} className={inputClass} {...register("role")}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField id="token-expiry" label="Expires after" error={errors.expiresInDays?.message}>
          {(a) => (
            <select
              {...a}
              className={inputClass}
              {...register("expiresInDays", { setValueAs: (v: string | number | null) => (v === "" || v === null ? null : Number(v)) })}
            >
              {EXPIRIES.map((e) => (
                <option key={e.label} value={e.days ?? ""}>
                  {e.label}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>
      <button type="submit" className={buttonClass("primary")} disabled={isSubmitting || users.length === 0}>
        Create token
      </button>
    </form>
  );
}
