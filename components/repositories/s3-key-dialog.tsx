"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { RepositoryView } from "@/lib/repositories/repository-view";
import { ApiError, apiFetch, errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { FormField, inputClass } from "@/components/ui/form-field";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { repositoryKeys } from "@/components/repositories/repository-queries";

/**
 * An admin replaces an S3 repository's key pair (PATCH /api/v1/repositories/:id), or switches it to
 * the worker's default AWS credential chain. Nothing stored is shown: a blank secret keeps the
 * stored one, which only goes with the stored access key id.
 */
export function S3KeyDialog({ repository: r }: { repository: RepositoryView }) {
  const queryClient = useQueryClient();
  const [accessKeyId, setAccessKeyId] = useState("");
  const [secretAccessKey, setSecretAccessKey] = useState("");
  const [defaultChain, setDefaultChain] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      apiFetch<{ repository: RepositoryView }>(`/api/v1/repositories/${encodeURIComponent(r.id)}`, {
        method: "PATCH",
        body: defaultChain ? { defaultCredentials: true } : { ...(accessKeyId.trim() ? { accessKeyId } : {}), secretAccessKey },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: repositoryKeys.all }),
  });
  const fields = save.error instanceof ApiError ? save.error.fields : {};

  return (
    <ModalDialog
      id={`s3-key-${r.id}`}
      trigger="Change key"
      triggerLabel={`Change the S3 key of ${r.name}`}
      triggerClass={buttonClass("secondary")}
      busy={save.isPending}
      onClose={() => {
        setAccessKeyId("");
        setSecretAccessKey("");
        setDefaultChain(false);
        save.reset();
      }}
    >
      {({ titleId, close }) => (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
          className="space-y-3 p-4 text-left"
        >
          <h2 id={titleId} className="text-base font-semibold">
            The S3 key of {r.name}
          </h2>
          {save.isSuccess ? (
            <p role="status" className="text-sm text-green-800">
              Saved. Test the repository to see that the worker can use it.
            </p>
          ) : (
            <>
              <p className="text-sm text-neutral-700">
                Now: {r.s3?.credentials === "default chain" ? "the worker's default AWS credential chain" : "a stored access key"}. The
                stored secret is never shown; leave it blank to keep it.
              </p>
              <ErrorAlert message={save.isError ? errorMessage(save.error) : null} />
              <label className="flex items-center gap-2 text-sm text-neutral-800">
                <input type="checkbox" checked={defaultChain} onChange={(e) => setDefaultChain(e.target.checked)} />
                Use the worker&apos;s default AWS credential chain instead
              </label>
              {defaultChain ? null : (
                <>
                  <FormField
                    id={`s3-key-${r.id}-id`}
                    label="New access key id"
                    error={fields.accessKeyId?.join(" ")}
                    hint="Blank keeps the stored one."
                  >
                    {(a) => (
                      <input
                        {...a}
                        type="text"
                        autoComplete="off"
                        spellCheck={false}
                        className={`${inputClass} font-mono`}
                        value={accessKeyId}
                        onChange={(e) => setAccessKeyId(e.target.value)}
                      />
                    )}
                  </FormField>
                  <FormField id={`s3-key-${r.id}-secret`} label="New secret access key" error={fields.secretAccessKey?.join(" ")}>
                    {(a) => (
                      <input
                        {...a}
                        type="password"
                        autoComplete="new-password"
                        className={`${inputClass} font-mono`}
                        value={secretAccessKey}
                        onChange={(e) => setSecretAccessKey(e.target.value)}
                      />
                    )}
                  </FormField>
                </>
              )}
            </>
          )}
          <div className="flex items-center justify-end gap-2 pt-1">
            <button type="button" className={buttonClass("secondary")} onClick={close} disabled={save.isPending}>
              {save.isSuccess ? "Close" : "Cancel"}
            </button>
            {save.isSuccess ? null : (
              <button type="submit" className={buttonClass("primary")} disabled={save.isPending}>
                Save
              </button>
            )}
          </div>
        </form>
      )}
    </ModalDialog>
  );
}
