/** The SDK client for one S3 repository, and how the repository names itself in messages. */
import { S3Client } from "@aws-sdk/client-s3";
import type { S3Settings } from "@/lib/domain/s3-settings";

export function createS3Client(settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region,
    endpoint: settings.endpoint ?? undefined,
    forcePathStyle: settings.forcePathStyle,
    // null: the default AWS chain (environment, shared config, instance or task role).
    credentials: settings.credentials ?? undefined,
    // The SDK's default CRC32 trailers (aws-chunked bodies) are refused by many S3-compatible
    // stores; integrity is ours anyway: sha256 of every object, recorded and re-checked.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

/** Host (and port) the requests go to, for messages: the endpoint's, or AWS's regional one. */
export function endpointHost(settings: Pick<S3Settings, "endpoint" | "region">): string {
  if (settings.endpoint === null) return `s3.${settings.region}.amazonaws.com`;
  try {
    return new URL(settings.endpoint).host; // never userinfo, should someone have put a key there
  } catch {
    return "(invalid endpoint URL)";
  }
}

/** "s3://bucket/prefix/", plus the endpoint's host when it is not AWS. */
export function describeS3(settings: Pick<S3Settings, "endpoint" | "region" | "bucket" | "prefix">): string {
  const url = `s3://${settings.bucket}/${settings.prefix}`;
  return settings.endpoint === null ? url : `${url} at ${endpointHost(settings)}`;
}
