"use client";

import type { UseFormRegister } from "react-hook-form";
import type { RepositoryFormValues } from "@/components/repositories/repository-form-values";

/** The "Encrypt this repository" choice: made once, at creation (docs/decisions/0015). */
export function EncryptField({ register }: { register: UseFormRegister<RepositoryFormValues> }) {
  return (
    <div className="flex items-start gap-2">
      <input id="repository-encrypt" type="checkbox" className="mt-1" aria-describedby="repository-encrypt-hint" {...register("encrypt")} />
      <div>
        <label htmlFor="repository-encrypt" className="text-sm font-medium">
          Encrypt this repository
        </label>
        <p id="repository-encrypt-hint" className="text-sm text-neutral-600">
          Backups, WAL and dumps are encrypted by the worker (AES-256-GCM) before they are stored, with a key of this repository&apos;s that
          only this installation&apos;s secret key unlocks: keep WAYBACK_SECRET_KEY safe, apart from this host. This cannot be changed
          later. Clusters that archive with archive_command cannot use an encrypted repository yet.
        </p>
      </div>
    </div>
  );
}
