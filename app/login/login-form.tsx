"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { z } from "zod";
import { logInInput } from "@/lib/domain/auth-input";
import { apiFetch, errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { FormField, inputClass } from "@/components/ui/form-field";

type SignInInput = z.infer<typeof logInInput>;

export function LoginForm() {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting, isSubmitSuccessful },
  } = useForm<SignInInput>({ resolver: zodResolver(logInInput), defaultValues: { username: "", password: "" } });

  const submit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await apiFetch<{ user: unknown }>("/api/v1/session", { method: "POST", body: values });
    } catch (err) {
      setFormError(errorMessage(err));
      throw err;
    }
    router.replace("/clusters");
    router.refresh();
  });

  return (
    <form
      noValidate
      onSubmit={(e) => {
        submit(e).catch(() => undefined);
      }}
      className="space-y-4 rounded border border-neutral-200 bg-white p-5 shadow-sm"
    >
      <ErrorAlert message={formError} />
      <FormField id="login-username" label="User name" error={errors.username?.message}>
        {(a) => (
          <input {...a} type="text" autoComplete="username" autoFocus spellCheck={false} className={inputClass} {...register("username")} />
        )}
      </FormField>
      <FormField id="login-password" label="Password" error={errors.password?.message}>
        {(a) => <input {...a} type="password" autoComplete="current-password" className={inputClass} {...register("password")} />}
      </FormField>
      <button type="submit" className={`${buttonClass("primary")} w-full`} disabled={isSubmitting || isSubmitSuccessful}>
        Sign in
      </button>
    </form>
  );
}
