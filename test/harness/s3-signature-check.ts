/**
 * AWS Signature Version 4 checking for the loopback S3 server. s3rver 3.7 checks only V2
 * signatures: for a V4 Authorization header (what every AWS SDK v3 request carries) it looks up
 * the access key and accepts any signature ("Signature version 4 calculation is unimplemented"
 * in its lib/middleware/authentication.js), so a right key ID with a wrong secret passed. This
 * signs the request again as the server sees it, with the secret the server holds for that key,
 * and refuses a mismatch with S3's own SignatureDoesNotMatch answer, as AWS and MinIO do.
 *
 * The payload hash is taken from the signed x-amz-content-sha256 header, as the SDK sent it:
 * the signature covers that header, and the body is not buffered here.
 */
import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from "node:crypto";
import { createRequire } from "node:module";
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { SignatureV4 } from "@smithy/signature-v4";

const S3Error = createRequire(import.meta.url)("s3rver/lib/models/error") as new (
  code: string,
  message: string,
  detail?: Record<string, string>,
) => Error;

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

/** node:crypto in the shape the signer asks for: a hash, or an HMAC when given a secret. */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
  reset(): void {}
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === "string") return data;
  return ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
}

/** Throws SignatureDoesNotMatch unless `req`'s V4 header signature was made with `secretOf(key)`. Other auth is left to s3rver. */
export async function checkSignatureV4(req: IncomingMessage, secretOf: (accessKeyId: string) => string | undefined): Promise<void> {
  const match = AUTH.exec(req.headers.authorization ?? "");
  if (!match) return;
  const [, accessKeyId, , region, service, signedHeaders, given] = match as unknown as string[];
  const secret = secretOf(accessKeyId!);
  if (secret === undefined) return; // s3rver answers InvalidAccessKeyId itself
  const signer = new SignatureV4({
    credentials: { accessKeyId: accessKeyId!, secretAccessKey: secret },
    region: region!,
    service: service!,
    sha256: NodeSha256,
    uriEscapePath: false, // S3 signs the path as sent
  });
  const url = new URL(req.url ?? "/", "http://placeholder");
  const names = new Set(signedHeaders!.split(";"));
  const signed = await signer.sign(
    {
      method: req.method ?? "GET",
      protocol: "http:",
      hostname: url.hostname,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: pick(req.headers, names),
    },
    { signingDate: amzDate(req.headers["x-amz-date"]), signableHeaders: names },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))![1]!;
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(given!))) {
    throw new S3Error(
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
      { AWSAccessKeyId: accessKeyId! },
    );
  }
}

/** The signed headers only, one value each, as they arrived. */
function pick(headers: IncomingHttpHeaders, names: Set<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(",") : value;
  }
  return out;
}

/** x-amz-date's basic ISO 8601 form (20261202T121716Z) as a Date; now when absent (the signer then fails to match). */
function amzDate(value: string | string[] | undefined): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(String(value ?? ""));
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : new Date();
}
