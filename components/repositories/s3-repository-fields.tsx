"use client";

import type { FieldErrors, UseFormRegister } from "react-hook-form";
import { S3_STORAGE_CLASSES } from "@/lib/domain/repository-input";
import { FormField, inputClass } from "@/components/ui/form-field";
import { fieldError, type RepositoryFormValues } from "@/components/repositories/repository-form-values";

/** The S3 kind's fields. The secret is a password input and is never shown again once saved. */
export function S3RepositoryFields({
  register,
  errors,
}: {
  register: UseFormRegister<RepositoryFormValues>;
  errors: FieldErrors<RepositoryFormValues>;
}) {
  const mono = `${inputClass} font-mono`;
  return (
    <>
      <FormField id="repository-bucket" label="Bucket" error={fieldError(errors, "bucket")}>
        {(a) => <input {...a} type="text" autoComplete="off" spellCheck={false} className={mono} {...register("bucket")} />}
      </FormField>
      <FormField
        id="repository-prefix"
        label="Prefix"
        error={fieldError(errors, "prefix")}
        hint="Optional, e.g. wayback/production/ (ends with /)."
      >
        {(a) => <input {...a} type="text" autoComplete="off" spellCheck={false} className={mono} {...register("prefix")} />}
      </FormField>
      <FormField id="repository-region" label="Region" error={fieldError(errors, "region")}>
        {(a) => <input {...a} type="text" autoComplete="off" spellCheck={false} className={mono} {...register("region")} />}
      </FormField>
      <FormField
        id="repository-endpoint"
        label="Endpoint"
        error={fieldError(errors, "endpoint")}
        hint="Only for S3-compatible stores (MinIO, Ceph, R2…), e.g. https://minio.example.com:9000. Blank for AWS."
      >
        {(a) => <input {...a} type="url" autoComplete="off" spellCheck={false} className={mono} {...register("endpoint")} />}
      </FormField>
      <div className="sm:col-start-2">
        <label className="flex items-center gap-2 text-sm text-neutral-800">
          <input type="checkbox" {...register("forcePathStyle")} />
          Path-style addressing (most S3-compatible stores need it)
        </label>
      </div>
      <FormField id="repository-storage-class" label="Storage class" error={fieldError(errors, "storageClass")}>
        {(a) => (
          <select {...a} className={inputClass} {...register("storageClass")}>
            <option value="">The bucket&apos;s default</option>
            {S3_STORAGE_CLASSES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField
        id="repository-access-key-id"
        label="Access key id"
        error={fieldError(errors, "accessKeyId")}
        hint="Leave both keys blank to use the worker's default AWS credential chain (environment, profile, instance role)."
      >
        {(a) => <input {...a} type="text" autoComplete="off" spellCheck={false} className={mono} {...register("accessKeyId")} />}
      </FormField>
      <FormField
        id="repository-secret-access-key"
        label="Secret access key"
        error={fieldError(errors, "secretAccessKey")}
        hint="Stored encrypted; never shown again."
      >
        {(a) => <input {...a} type="password" autoComplete="new-password" className={mono} {...register("secretAccessKey")} />}
      </FormField>
    </>
  );
}
