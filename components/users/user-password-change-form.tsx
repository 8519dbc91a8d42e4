"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { z } from "zod";
import { passwordChangeInput, type PasswordChangeInput } from "@/lib/domain/auth-input";
import { apiFetch } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { FormField, inputClass } from "@/components/ui/form-field";
import { placeFormErrors } from "@/components/ui/server-errors";

const FIELDS = ["currentPassword", "newPassword"] as const;

/** POST /api/v1/session/password: every other session of the user ends; this one is renewed. */
export function UserPasswordChangeForm() {
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof passwordChangeInput>, unknown, PasswordChangeInput>({
    resolver: zodResolver(passwordChangeInput),
    defaultValues: { currentPassword: "", newPassword: "" },
  });

  const submit = handleSubmit(async (values) => {
    setFormError(null);
    setDone(false);
    try {
      await apiFetch("/api/v1/session/password", { method: "POST", body: values });
      reset();
      setDone(true);
    } catch (err) {
      setFormError(placeFormErrors(err, FIELDS, setError));
    }
  });

  return (
    <form
      noValidate
      onSubmit={(e) => void submit(e)}
      aria-label="Change password"
      className="max-w-md space-y-3 rounded border border-neutral-200 bg-white p-4"
    >
      <h2 className="text-base font-semibold">Change password</h2>
      <ErrorAlert message={formError} />
      {done ? (
        <p role="status" className="text-sm text-green-800">
          Password changed. Every other browser signed in as you was signed out.
        </p>
      ) : null}
      <FormField id="current-password" label="Current password" error={errors.currentPassword?.message}>
        {(a) => <input {...a} type="password" autoComplete="current-password" className={inputClass} {...register("currentPassword")} />}
      </FormField>
      <FormField id="new-password" label="New password" error={errors.newPassword?.message} hint="At least 12 characters.">
        {(a) => <input {...a} type="password" autoComplete="new-password" className={inputClass} {...register("newPassword")} />}
      </FormField>
      <button type="submit" className={buttonClass("primary")} disabled={isSubmitting}>
        Change password
      </button>
    </form>
  );
}
