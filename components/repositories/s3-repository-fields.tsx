"use client";

import type { FieldErrors, UseFormRegister } from "react-hook-form";
import { S3_STORAGE_CLASSES } from "@/lib/domain/repository-input";
import { FormField, inputClass } from "@/components/ui/form-field";
import { fieldError, type RepositoryFormValues } from "@/components/repositories/repository-form-values";

type TextField = "bucket" | "prefix" | "region" | "endpoint" | "accessKeyId" | "secretAccessKey";

/** The S3 kind's fields, one line each, in the order people fill them in. */
const TEXT_FIELDS: { field: TextField; id: string; label: string; hint?: string; type?: "url" | "password" }[] = [
  { field: "bucket", id: "repository-bucket", label: "Bucket" },
  { field: "prefix", id: "repository-prefix", label: "Prefix", hint: "Optional, e.g. wayback/production/ (ends with /)." },
  { field: "region", id: "repository-region", label: "Region" },
  {
    field: "endpoint",
    id: "repository-endpoint",
    label: "Endpoint",
    type: "url",
    hint: "Only for S3-compatible stores (MinIO, Ceph, R2…), e.g. https://minio.example.com:9000. Blank for AWS.",
  },
  {
    field: "accessKeyId",
    id: "repository-access-key-id",
    label: "Access key id",
    hint: "Leave both keys blank to use the worker's default AWS credential chain (environment, profile, instance role).",
  },
  // A password input, and never filled from the server: the secret is not shown again once saved.
  { field: "secretAccessKey", id: "repository-secret-access-key", label: "Secret access key", type: "password", hint: "Stored encrypted." },
];

export function S3RepositoryFields({
  register,
  errors,
}: {
  register: UseFormRegister<RepositoryFormValues>;
  errors: FieldErrors<RepositoryFormValues>;
}) {
  return (
    <>
      {TEXT_FIELDS.map(({ field, id, label, hint, type }) => (
        <FormField key={field} id={id} label={label} error={fieldError(errors, field)} hint={hint}>
          {(a) => (
            <input
              {...a}
              type={type ?? "text"}
              autoComplete={type === "password" ? "new-password" : "off"}
              spellCheck={false}
              className={`${inputClass} font-mono`}
              {...register(field)}
            />
          )}
        </FormField>
      ))}
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
    </>
  );
}
