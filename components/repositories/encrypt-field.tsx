"use client";

import { useWatch, type Control, type FieldErrors, type UseFormRegister } from "react-hook-form";
import type { RepositoryInput } from "@/lib/domain/repository-input";
import { fieldError, type RepositoryFormValues } from "@/components/repositories/repository-form-values";
import { FormField, inputClass } from "@/components/ui/form-field";

/**
 * The "Encrypt this repository" choice, made once, at creation (docs/decisions/0015), and what
 * protects the repository's key: the installation's secret key, or a passphrase.
 */
export function EncryptField({
  register,
  control,
  errors,
}: {
  register: UseFormRegister<RepositoryFormValues>;
  control: Control<RepositoryFormValues, unknown, RepositoryInput>;
  errors: FieldErrors<RepositoryFormValues>;
}) {
  const encrypt = useWatch({ control, name: "encrypt" });
  return (
    <div className="space-y-3">
      <div className="flex items-start gap-2">
        <input
          id="repository-encrypt"
          type="checkbox"
          className="mt-1"
          aria-describedby="repository-encrypt-hint"
          {...register("encrypt")}
        />
        <div>
          <label htmlFor="repository-encrypt" className="text-sm font-medium">
            Encrypt this repository
          </label>
          <p id="repository-encrypt-hint" className="text-sm text-neutral-600">
            Backups, WAL and dumps are encrypted by the worker (AES-256-GCM) before they are stored, with a key of this repository&apos;s
            that only this installation&apos;s secret key (or the passphrase below) unlocks: keep WAYBACK_SECRET_KEY safe, apart from this
            host. This cannot be changed later. Clusters that archive with archive_command cannot use an encrypted repository yet.
          </p>
        </div>
      </div>
      {encrypt ? (
        <FormField
          id="repository-passphrase"
          label="Passphrase (optional)"
          error={fieldError(errors, "passphrase")}
          hint="Protects the repository's key instead of the secret key: with it and a copy of the catalog, the backups can be read even if WAYBACK_SECRET_KEY is lost. At least 12 characters; it is never shown again. Blank: the secret key protects it."
        >
          {(a) => <input {...a} type="password" autoComplete="new-password" className={inputClass} {...register("passphrase")} />}
        </FormField>
      ) : null}
    </div>
  );
}
