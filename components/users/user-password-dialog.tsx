"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import type { UserView } from "@/lib/auth/user-view";
import { passwordResetInput } from "@/lib/domain/auth-input";
import { ApiError, apiFetch, errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { FormField, inputClass } from "@/components/ui/form-field";
import { ModalDialog } from "@/components/ui/modal-dialog";

/** An admin sets a user's password; the server ends the user's sessions. */
export function UserPasswordDialog({ user }: { user: UserView }) {
  const [password, setPassword] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const reset = useMutation({
    mutationFn: (pw: string) =>
      apiFetch<void>(`/api/v1/users/${encodeURIComponent(user.id)}/password`, { method: "POST", body: { password: pw } }),
    onError: (err) => setFieldError(err instanceof ApiError ? (err.fields.password?.join(" ") ?? null) : null),
  });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = passwordResetInput.safeParse({ password });
    if (!parsed.success) {
      setFieldError(parsed.error.issues[0]!.message);
      return;
    }
    setFieldError(null);
    reset.mutate(parsed.data.password);
  };

  return (
    <ModalDialog
      id={`user-password-${user.id}`}
      trigger="Set password"
      triggerLabel={`Set password of ${user.username}`}
      triggerClass={`${buttonClass("secondary")} px-2 py-0.5 text-xs`}
      busy={reset.isPending}
      onClose={() => {
        setPassword("");
        setFieldError(null);
        reset.reset();
      }}
    >
      {({ titleId, close }) => (
        <form noValidate onSubmit={submit} className="space-y-3 p-4 text-left">
          <h2 id={titleId} className="text-base font-semibold">
            Set the password of {user.username}
          </h2>
          {reset.isSuccess ? (
            <p role="status" className="text-sm text-green-800">
              Password set. {user.username} was signed out everywhere and signs in with the new password.
            </p>
          ) : (
            <>
              <p className="text-sm text-neutral-700">
                Every session of {user.username} ends. Their API tokens keep working; revoke them below if they leaked too.
              </p>
              <ErrorAlert message={reset.isError && !fieldError ? errorMessage(reset.error) : null} />
              <FormField
                id={`user-password-${user.id}-input`}
                label="New password"
                error={fieldError ?? undefined}
                hint="At least 12 characters."
              >
                {(a) => (
                  <input
                    {...a}
                    type="password"
                    autoComplete="new-password"
                    autoFocus
                    className={inputClass}
                    value={password}
                    onChange={(e) => setPassword(e.target.value)}
                  />
                )}
              </FormField>
            </>
          )}
          <div className="flex items-center justify-end gap-2 pt-1">
            <button type="button" className={buttonClass("secondary")} onClick={close} disabled={reset.isPending}>
              {reset.isSuccess ? "Close" : "Cancel"}
            </button>
            {reset.isSuccess ? null : (
              <button type="submit" className={buttonClass("primary")} disabled={reset.isPending}>
                Set password
              </button>
            )}
          </div>
        </form>
      )}
    </ModalDialog>
  );
}
