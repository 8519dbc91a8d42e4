"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import type { RepositoryView } from "@/lib/repositories/repository-view";
import { ApiError, apiFetch, errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { FormField, inputClass } from "@/components/ui/form-field";
import { ModalDialog } from "@/components/ui/modal-dialog";

/**
 * An admin changes a passphrase repository's passphrase (POST /api/v1/repositories/:id/passphrase):
 * the current one proves it, and the data key is wrapped again; nothing stored is rewritten.
 */
export function PassphraseDialog({ repository: r }: { repository: RepositoryView }) {
  const [current, setCurrent] = useState("");
  const [passphrase, setPassphrase] = useState("");
  const [repeated, setRepeated] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      apiFetch<void>(`/api/v1/repositories/${encodeURIComponent(r.id)}/passphrase`, { method: "POST", body: { current, passphrase } }),
  });
  const fields = save.error instanceof ApiError ? save.error.fields : {};
  const field = (id: string, label: string, value: string, set: (v: string) => void, error?: string) => (
    <FormField id={`passphrase-${r.id}-${id}`} label={label} error={error}>
      {(a) => (
        <input
          {...a}
          type="password"
          autoComplete={id === "current" ? "current-password" : "new-password"}
          className={inputClass}
          value={value}
          onChange={(e) => set(e.target.value)}
        />
      )}
    </FormField>
  );

  return (
    <ModalDialog
      id={`passphrase-${r.id}`}
      trigger="Change passphrase"
      triggerLabel={`Change the passphrase of ${r.name}`}
      triggerClass={buttonClass("secondary")}
      busy={save.isPending}
      onClose={() => {
        setCurrent("");
        setPassphrase("");
        setRepeated("");
        setMismatch(false);
        save.reset();
      }}
    >
      {({ titleId, close }) => (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setMismatch(passphrase !== repeated);
            if (passphrase === repeated) save.mutate();
          }}
          className="space-y-3 p-4 text-left"
        >
          <h2 id={titleId} className="text-base font-semibold">
            The passphrase of {r.name}
          </h2>
          {save.isSuccess ? (
            <p role="status" className="text-sm text-green-800">
              Passphrase changed. Backups already stored open with the new one.
            </p>
          ) : (
            <>
              <p className="text-sm text-neutral-700">
                The repository&apos;s data key is wrapped again under the new passphrase; no backup is rewritten. Keep the new passphrase
                somewhere safe, apart from this host.
              </p>
              <ErrorAlert message={save.isError ? errorMessage(save.error) : null} />
              {field("current", "Current passphrase", current, setCurrent, fields.current?.join(" "))}
              {field("new", "New passphrase", passphrase, setPassphrase, fields.passphrase?.join(" "))}
              {field("repeat", "New passphrase again", repeated, setRepeated, mismatch ? "The two new passphrases differ." : undefined)}
            </>
          )}
          <div className="flex items-center justify-end gap-2 pt-1">
            <button type="button" className={buttonClass("secondary")} onClick={close} disabled={save.isPending}>
              {save.isSuccess ? "Close" : "Cancel"}
            </button>
            {save.isSuccess ? null : (
              <button type="submit" className={buttonClass("primary")} disabled={save.isPending}>
                Change passphrase
              </button>
            )}
          </div>
        </form>
      )}
    </ModalDialog>
  );
}
