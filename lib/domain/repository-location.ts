import type { S3Location } from "./s3-settings";

/** A repository row's columns that say where it is (the catalog's, or the CLI's function's, renamed alike). */
export interface RepositoryColumns {
  kind: string;
  path: string | null;
  s3Endpoint: string | null;
  s3Region: string | null;
  s3Bucket: string | null;
  s3Prefix: string | null;
  s3ForcePathStyle: boolean | null;
  s3StorageClass: string | null;
}

/** Where a repository's keys live: a directory on the worker's host, or a bucket and prefix. */
export type RepositoryLocation = { kind: "posix"; path: string } | { kind: "s3"; location: S3Location };

/**
 * The row's location, for opening it. The catalog's CHECK constraint keeps each kind's columns
 * set; a row without them (or of a kind this build does not know) is refused by name rather than
 * opened somewhere wrong.
 */
export function repositoryLocation(row: RepositoryColumns): RepositoryLocation {
  if (row.kind === "posix" && row.path !== null) return { kind: "posix", path: row.path };
  if (row.kind === "s3" && row.s3Bucket !== null && row.s3Region !== null && row.s3Prefix !== null) {
    return {
      kind: "s3",
      location: {
        endpoint: row.s3Endpoint,
        region: row.s3Region,
        bucket: row.s3Bucket,
        prefix: row.s3Prefix,
        forcePathStyle: row.s3ForcePathStyle ?? false,
        storageClass: row.s3StorageClass,
      },
    };
  }
  throw new Error(
    `The repository's row (kind "${row.kind}") lacks the settings of its kind, or this version of Wayback does not know the kind.`,
  );
}

/** e.g. "s3://bucket/prefix/ at https://minio:9000", "/var/lib/wayback/repo": for pages and messages. */
export function describeLocation(l: RepositoryLocation): string {
  if (l.kind === "posix") return l.path;
  const { bucket, prefix, endpoint } = l.location;
  return `s3://${bucket}/${prefix}${endpoint ? ` at ${endpoint}` : ""}`;
}
