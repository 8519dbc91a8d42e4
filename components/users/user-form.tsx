"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { ROLES } from "@/lib/domain/roles";
import { userCreateInput, type UserCreateInput } from "@/lib/domain/auth-input";
import type { UserView } from "@/lib/auth/user-view";
import { apiFetch } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { FormField, inputClass } from "@/components/ui/form-field";
import { placeFormErrors } from "@/components/ui/server-errors";
import { userKeys } from "@/components/users/user-queries";

const FIELDS = ["username", "password", "role"] as const;

/** Adds a user (POST /api/v1/users) with the server's own schema. */
export function UserForm() {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof userCreateInput>, unknown, UserCreateInput>({
    resolver: zodResolver(userCreateInput),
    defaultValues: { username: "", password: "", role: "viewer" },
  });

  const submit = handleSubmit(async (values) => {
    setFormError(null);
    setAdded(null);
    try {
      const { user } = await apiFetch<{ user: UserView }>("/api/v1/users", { method: "POST", body: values });
      reset();
      setAdded(`${user.username} (${user.role})`);
      await queryClient.invalidateQueries({ queryKey: userKeys.all });
    } catch (err) {
      setFormError(placeFormErrors(err, FIELDS, setError));
    }
  });

  return (
    <form
      noValidate
      onSubmit={(e) => void submit(e)}
      aria-label="Add user"
      className="space-y-3 rounded border border-neutral-200 bg-white p-4"
    >
      <h2 className="text-base font-semibold">Add user</h2>
      <ErrorAlert message={formError} />
      {added ? (
        <p role="status" className="text-sm text-green-800">
          Added {added}. Give them their password through a channel you trust; they can change it under their account.
        </p>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-3">
        <FormField id="user-username" label="User name" error={errors.username?.message}>
          {(a) => <input {...a} type="text" autoComplete="off" spellCheck={false} className={inputClass} {...register("username")} />}
        </FormField>
        <FormField id="user-password" label="Password" error={errors.password?.message} hint="At least 12 characters.">
          {(a) => <input {...a} type="password" autoComplete="new-password" className={inputClass} {...register("password")} />}
        </FormField>
        <FormField id="user-role" label="Role" error={errors.role?.message}>
          {(a) => (
            <select {...a} className={inputClass} {...register("role")}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>
      <button type="submit" className={buttonClass("primary")} disabled={isSubmitting}>
        Add user
      </button>
    </form>
  );
}
