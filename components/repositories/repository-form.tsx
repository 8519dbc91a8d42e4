"use client";

import { useMemo, useState } from "react";
import { useForm, useWatch, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import type { RepositoryView } from "@/lib/repositories/repository-view";
import { isInsideRoots, repositoryInput, type RepositoryInput } from "@/lib/domain/repository-input";
import { apiFetch } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { placeFormErrors } from "@/components/ui/server-errors";
import { buttonClass } from "@/components/ui/button-styles";
import { FormField, inputClass } from "@/components/ui/form-field";
import { repositoryKeys } from "@/components/repositories/repository-queries";
import {
  fieldError,
  REPOSITORY_FORM_DEFAULTS,
  REPOSITORY_FORM_FIELDS,
  type RepositoryFormValues,
} from "@/components/repositories/repository-form-values";
import { S3RepositoryFields } from "@/components/repositories/s3-repository-fields";
import { EncryptField } from "@/components/repositories/encrypt-field";
import { RepositoryHostField } from "@/components/repositories/repository-host-field";

/**
 * Adds a repository (POST /api/v1/repositories): a directory on the worker's host, or an S3
 * bucket; validated with the server's own schema and roots.
 */
export function RepositoryForm({ allowedRoots }: { allowedRoots: readonly string[] }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const schema = useMemo(
    () =>
      allowedRoots.length === 0
        ? repositoryInput
        : repositoryInput.refine((v) => v.kind !== "posix" || isInsideRoots(v.path, allowedRoots), {
            path: ["path"],
            message: `Choose a directory under ${allowedRoots.join(" or ")}.`,
          }),
    [allowedRoots],
  );
  const {
    register,
    handleSubmit,
    setError,
    reset,
    control,
    formState: { errors, isSubmitting },
  } = useForm<RepositoryFormValues, unknown, RepositoryInput>({
    // The schema takes the chosen kind's fields out of the flat form values.
    resolver: zodResolver(schema) as unknown as Resolver<RepositoryFormValues, unknown, RepositoryInput>,
    defaultValues: REPOSITORY_FORM_DEFAULTS,
  });
  const kind = useWatch({ control, name: "kind" });

  const submit = handleSubmit(async (values) => {
    setFormError(null);
    setAdded(null);
    try {
      const { repository } = await apiFetch<{ repository: RepositoryView }>("/api/v1/repositories", { method: "POST", body: values });
      reset();
      setAdded(repository.name);
      await queryClient.invalidateQueries({ queryKey: repositoryKeys.all });
    } catch (err) {
      setFormError(placeFormErrors(err, REPOSITORY_FORM_FIELDS, setError));
      throw err;
    }
  });

  const rootsHint =
    allowedRoots.length > 0 ? (
      <>
        An absolute directory on the worker&apos;s host, under{" "}
        {allowedRoots.map((r, i) => (
          <span key={r}>
            {i > 0 ? " or " : ""}
            <code className="font-mono">{r}</code>
          </span>
        ))}
        .
      </>
    ) : (
      "No repository roots are allowed on this server (WAYBACK_REPO_ROOTS is empty)."
    );

  return (
    <form
      noValidate
      aria-labelledby="add-repository-heading"
      onSubmit={(e) => {
        submit(e).catch(() => undefined);
      }}
      className="max-w-2xl space-y-3 rounded border border-neutral-200 bg-white p-4"
    >
      <h2 id="add-repository-heading" className="text-base font-semibold">
        Add repository
      </h2>
      <ErrorAlert message={formError} />
      {added ? (
        <p role="status" className="text-sm text-green-800">
          Repository {added} added.
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-[14rem_1fr]">
        <FormField id="repository-name" label="Name" error={errors.name?.message}>
          {(a) => <input {...a} type="text" autoComplete="off" className={inputClass} {...register("name")} />}
        </FormField>
        <FormField id="repository-kind" label="Kind" error={fieldError(errors, "kind")}>
          {(a) => (
            <select {...a} className={inputClass} {...register("kind")}>
              <option value="posix">Directory on the worker&apos;s host (posix)</option>
              <option value="s3">S3 or S3-compatible bucket</option>
            </select>
          )}
        </FormField>
        {kind === "s3" ? (
          <S3RepositoryFields register={register} errors={errors} />
        ) : (
          <>
            <FormField id="repository-path" label="Path" error={fieldError(errors, "path")} hint={rootsHint} className="sm:col-span-2">
              {(a) => (
                <input
                  {...a}
                  type="text"
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={allowedRoots[0] ? `${allowedRoots[0].replace(/\/$/, "")}/repo1` : "/var/lib/wayback/repo"}
                  className={`${inputClass} font-mono`}
                  {...register("path")}
                />
              )}
            </FormField>
            <RepositoryHostField register={register} errors={errors} />
          </>
        )}
      </div>
      <EncryptField register={register} control={control} errors={errors} />
      <div className="flex items-center gap-2">
        <button type="submit" className={buttonClass("primary")} disabled={isSubmitting}>
          Add repository
        </button>
        {isSubmitting ? <span className="text-sm text-neutral-500">Adding…</span> : null}
      </div>
    </form>
  );
}
