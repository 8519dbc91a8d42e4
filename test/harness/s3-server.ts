/**
 * A real S3-protocol server (s3rver) on 127.0.0.1 with its objects in a temporary directory: the
 * SDK talks to it over HTTP exactly as to a remote store. Tests can stop it mid-request, start it
 * again on the same port, and reach the stored object files behind the repository's back. No
 * test framework here: the benchmark starts one too (bench/s3.ts).
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import type { S3Settings } from "@/lib/domain/s3-settings";
import { multipartUploads } from "@/test/harness/s3-multipart-uploads";
import { checkSignatureV4 } from "@/test/harness/s3-signature-check";

/** s3rver's one built-in key pair; any other key is refused with InvalidAccessKeyId, a wrong secret with SignatureDoesNotMatch. */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

export interface S3TestServer {
  endpoint: string;
  bucket: string;
  /** Settings for a repository under `prefix` ("" or ending in '/') of the server's bucket. */
  settings(prefix?: string): S3Settings;
  /** The file s3rver keeps an object's bytes in, for tests that damage or replace it behind our back. */
  objectFile(s3Key: string): string;
  /** Parts of unfinished multipart uploads the server has stored so far. */
  storedParts(): Promise<number>;
  /** Stops answering at once: open connections (an upload in flight) are cut. */
  stop(): Promise<void>;
  /** Starts again on the same port with the same objects. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Repository settings for `bucket` of an s3rver at `endpoint`, keys under `prefix`. */
export function s3rverSettings(endpoint: string, bucket: string, prefix = ""): S3Settings {
  return {
    endpoint,
    region: "us-east-1",
    bucket,
    prefix,
    forcePathStyle: true,
    storageClass: null,
    credentials: { ...S3RVER_CREDENTIALS },
  };
}

export async function startS3Server(opts: { bucket?: string } = {}): Promise<S3TestServer> {
  const bucket = opts.bucket ?? "wayback-test";
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-s3-"));
  let port = 0;
  let server: S3rver | null = null;

  async function start(): Promise<void> {
    if (server) return;
    const next = new S3rver({ address: "127.0.0.1", port, silent: true, directory, configureBuckets: [{ name: bucket }] });
    // s3rver accepts any V4 signature for a known key: checked here, just before its router
    // (the last of its Koa middleware), so its own error answers and logging still apply.
    next.middleware.splice(next.middleware.length - 1, 0, async (ctx, proceed) => {
      await checkSignatureV4(ctx.req, (key) => (key === S3RVER_CREDENTIALS.accessKeyId ? S3RVER_CREDENTIALS.secretAccessKey : undefined));
      return proceed();
    });
    next.middleware.splice(next.middleware.length - 1, 0, multipartUploads(directory, bucket));
    port = (await next.run()).port;
    server = next;
  }
  async function stop(): Promise<void> {
    if (!server) return;
    const running = server;
    server = null;
    running.httpServer?.closeAllConnections();
    await running.close();
  }
  await start();
  const endpoint = `http://127.0.0.1:${port}`;

  return {
    endpoint,
    bucket,
    settings: (prefix = "") => s3rverSettings(endpoint, bucket, prefix),
    objectFile: (s3Key) => {
      const parts = s3Key.split("/");
      const name = parts.pop() ?? "";
      return path.join(directory, bucket, ...parts, `${name}._S3rver_object`);
    },
    storedParts: async () => {
      // s3rver keeps each part as <bucket>/._S3rver_uploads/<upload id>/<n>, with <n>.md5 once complete.
      const uploads = path.join(directory, bucket, "._S3rver_uploads");
      const files = await fs.readdir(uploads, { recursive: true }).catch(() => []);
      return files.filter((f) => String(f).endsWith(".md5")).length;
    },
    stop,
    start,
    close: async () => {
      await stop();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}
