/**
 * Where an S3 repository keeps its objects and how the worker reaches them. Keys of the repository
 * sit under `prefix` in `bucket`. `endpoint` is null for AWS itself, or the URL of an
 * S3-compatible store (most of which need path-style addressing).
 */
export interface S3Location {
  endpoint: string | null;
  region: string;
  bucket: string;
  /** "" or a key prefix ending in '/'. */
  prefix: string;
  forcePathStyle: boolean;
  /** e.g. STANDARD_IA; null: the bucket's default. */
  storageClass: string | null;
}

/** The access key pair, decrypted only in the memory of the process that uses it. */
export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** What opening an S3 repository needs; `credentials` null means the default AWS credential chain. */
export interface S3Settings extends S3Location {
  credentials: S3Credentials | null;
}
