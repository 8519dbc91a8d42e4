// translateS3Error is pure: these are the shapes the SDK gives its errors (an S3 code as `name`,
// the HTTP status in $metadata; socket failures as plain errno errors, sometimes wrapped), for the
// answers the loopback server cannot produce (it does not check SigV4 signatures or policies).
import { describe, expect, it } from "vitest";
import { RepositoryAccessError, RepositoryUnreachableError } from "@/lib/storage/repository";
import { translateS3Error, type S3ErrorContext } from "@/lib/storage/s3-errors";

const ctx: S3ErrorContext = {
  repository: "s3://backups/prod/ at minio.internal:9000",
  bucket: "backups",
  endpoint: "minio.internal:9000",
  action: "s3:PutObject",
  key: "prod/c1/wal/000000010000000000000001",
};
const s3Answer = (name: string, status: number) =>
  Object.assign(new Error(`${name} said the server`), { name, $metadata: { httpStatusCode: status } });
const errno = (code: string) => Object.assign(new Error(`connect ${code} 10.0.0.1:9000`), { code });

describe("translateS3Error", () => {
  it("a refused signature says to check the key pair", () => {
    const err = translateS3Error(s3Answer("SignatureDoesNotMatch", 403), ctx) as Error;
    expect(err).toBeInstanceOf(RepositoryAccessError);
    expect(err.message).toBe(
      "s3://backups/prod/ at minio.internal:9000: the access key was refused by minio.internal:9000 (SignatureDoesNotMatch): " +
        "check the repository's access key ID and secret access key.",
    );
  });

  it("access denied names the S3 action to allow and the object", () => {
    const err = translateS3Error(s3Answer("AccessDenied", 403), ctx) as Error;
    expect(err).toBeInstanceOf(RepositoryAccessError);
    expect(err.message).toBe(
      's3://backups/prod/ at minio.internal:9000: access denied for s3:PutObject on "prod/c1/wal/000000010000000000000001" ' +
        'in bucket "backups" at minio.internal:9000: allow the access key s3:PutObject on this bucket and prefix (or check the key itself).',
    );
    expect(
      (translateS3Error(s3Answer("AccessDenied", 403), { ...ctx, action: "s3:ListBucket", key: undefined }) as Error).message,
    ).toContain('access denied for s3:ListBucket on bucket "backups"');
  });

  it("network failures, direct or wrapped by the SDK, are retryable and name the endpoint", () => {
    for (const cause of [errno("ECONNRESET"), Object.assign(new Error("socket hang up"), { cause: errno("ECONNREFUSED") })]) {
      const err = translateS3Error(cause, ctx) as Error;
      expect(err).toBeInstanceOf(RepositoryUnreachableError);
      expect(err.message).toMatch(
        /^s3:\/\/backups\/prod\/ at minio\.internal:9000: cannot reach minio\.internal:9000 \(ECONN(RESET|REFUSED)\)/,
      );
    }
  });

  it("any other S3 answer keeps its code, with the repository, action and object", () => {
    const err = translateS3Error(s3Answer("SlowDown", 503), ctx) as Error;
    expect(err.message).toBe(
      's3://backups/prod/ at minio.internal:9000: s3:PutObject on "prod/c1/wal/000000010000000000000001" in bucket "backups" failed at minio.internal:9000: SlowDown: SlowDown said the server',
    );
  });

  it("keeps the S3 code and status as the cause, not the raw HTTP exchange with its signed headers", () => {
    const answer = Object.assign(s3Answer("NoSuchBucket", 404), {
      $response: { headers: { authorization: "AWS4-HMAC-SHA256 Signature=abc" } },
    });
    const cause = (translateS3Error(answer, ctx) as Error).cause as Record<string, unknown>;
    expect(cause).toMatchObject({ name: "NoSuchBucket", message: "NoSuchBucket said the server", $metadata: { httpStatusCode: 404 } });
    expect(JSON.stringify(cause)).not.toContain("Signature");
  });

  it("errors that are not S3's pass through unchanged", () => {
    const own = new Error("ours");
    expect(translateS3Error(own, ctx)).toBe(own);
  });
});
