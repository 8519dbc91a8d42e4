import type { FieldErrors } from "react-hook-form";

/**
 * The repository form's fields, all kinds at once: the form shows one kind's fields, and the
 * shared schema (lib/domain/repository-input.ts) reads the chosen kind's and drops the rest.
 */
export interface RepositoryFormValues {
  name: string;
  kind: "posix" | "s3";
  path: string;
  /** posix: the worker host holding the directory; "" a shared mount. */
  workerHost: string;
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  forcePathStyle: boolean;
  storageClass: string;
  accessKeyId: string;
  secretAccessKey: string;
  encrypt: boolean;
  passphrase: string;
}

export const REPOSITORY_FORM_DEFAULTS: RepositoryFormValues = {
  name: "",
  kind: "posix",
  path: "",
  workerHost: "",
  endpoint: "",
  region: "us-east-1",
  bucket: "",
  prefix: "",
  forcePathStyle: false,
  storageClass: "",
  accessKeyId: "",
  secretAccessKey: "",
  encrypt: false,
  passphrase: "",
};

export const REPOSITORY_FORM_FIELDS = Object.keys(REPOSITORY_FORM_DEFAULTS) as (keyof RepositoryFormValues)[];

/** The message under a field, whichever kind's field it is. */
export const fieldError = (errors: FieldErrors<RepositoryFormValues>, field: keyof RepositoryFormValues) => errors[field]?.message;
