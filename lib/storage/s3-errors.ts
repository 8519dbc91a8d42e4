/**
 * Turns what the S3 SDK throws into errors that say which repository failed and what to fix.
 * Messages name the bucket, endpoint and S3 action; never a credential (the SDK's own messages
 * carry at most the access key ID, which is not secret).
 */
import { RepositoryAccessError, RepositoryUnreachableError } from "./repository";

/** The IAM action a request needs, named in "access denied" messages so the operator can grant it. */
export type S3Action =
  "s3:GetObject" | "s3:PutObject" | "s3:ListBucket" | "s3:DeleteObject" | "s3:ListBucketMultipartUploads" | "s3:AbortMultipartUpload";

export interface S3ErrorContext {
  /** The repository as describe() gives it. */
  repository: string;
  bucket: string;
  endpoint: string;
  action: S3Action;
  key?: string;
}

const REFUSED_KEY = new Set(["InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken", "TokenRefreshRequired"]);
const NETWORK = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

/** The S3 error code (e.g. "NoSuchBucket"), or undefined for errors that are not S3 answers. */
export function s3ErrorName(err: unknown): string | undefined {
  const e = err as SdkError | null;
  return e?.$metadata ? e.name : undefined;
}

export function httpStatusOf(err: unknown): number | undefined {
  return (err as SdkError | null)?.$metadata?.httpStatusCode;
}

/**
 * What is worth keeping of an S3 answer as a cause: its code, message and status. Not the raw HTTP
 * exchange the SDK attaches ($response: request headers, the signed Authorization among them),
 * which a logger serialising causes would otherwise print.
 */
function lean(err: unknown): unknown {
  const e = err as SdkError | null;
  if (!e?.$metadata) return err;
  return Object.assign(new Error(e.message), { name: e.name, $metadata: { httpStatusCode: e.$metadata.httpStatusCode } });
}

export function translateS3Error(err: unknown, ctx: S3ErrorContext): unknown {
  const name = s3ErrorName(err);
  const status = httpStatusOf(err);
  const on = ctx.key === undefined ? `bucket "${ctx.bucket}"` : `"${ctx.key}" in bucket "${ctx.bucket}"`;
  if (name && REFUSED_KEY.has(name)) {
    return new RepositoryAccessError(
      `${ctx.repository}: the access key was refused by ${ctx.endpoint} (${name}): ` +
        "check the repository's access key ID and secret access key.",
      { cause: lean(err) },
    );
  }
  if (name === "NoSuchBucket") {
    return new RepositoryAccessError(
      `${ctx.repository}: bucket "${ctx.bucket}" does not exist at ${ctx.endpoint}: create it, or correct the bucket name (and region).`,
      { cause: lean(err) },
    );
  }
  if (name === "AccessDenied" || status === 403) {
    return new RepositoryAccessError(
      `${ctx.repository}: access denied for ${ctx.action} on ${on} at ${ctx.endpoint}: ` +
        `allow the access key ${ctx.action} on this bucket and prefix (or check the key itself).`,
      { cause: lean(err) },
    );
  }
  const code = networkCode(err);
  if (code) {
    return new RepositoryUnreachableError(
      `${ctx.repository}: cannot reach ${ctx.endpoint} (${code}): check the endpoint and that the object store is running and reachable.`,
      { cause: lean(err) },
    );
  }
  if (name) {
    return new Error(`${ctx.repository}: ${ctx.action} on ${on} failed at ${ctx.endpoint}: ${name}: ${messageOf(err)}`, {
      cause: lean(err),
    });
  }
  return err;
}

/** A socket-level failure code anywhere in the cause chain (the SDK wraps some of them). */
function networkCode(err: unknown): string | undefined {
  for (let e = err as SdkError | null | undefined, depth = 0; e && depth < 5; e = e.cause as SdkError | undefined, depth++) {
    if (e.code && NETWORK.has(e.code)) return e.code;
    if (e.name === "TimeoutError") return "timed out";
    for (const inner of (e as { errors?: SdkError[] }).errors ?? []) if (inner.code && NETWORK.has(inner.code)) return inner.code;
  }
  return undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
