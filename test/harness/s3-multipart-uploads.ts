/**
 * ListMultipartUploads and AbortMultipartUpload for s3rver, which answers both with NotImplemented
 * or MethodNotAllowed: read and removed from its own store layout (<bucket>/._S3rver_uploads/<upload
 * id>/key, the parts beside it), so sweeps of unfinished uploads run against the same server as
 * everything else. Koa middleware placed before s3rver's router, after the signature check.
 */
import fs from "node:fs/promises";
import path from "node:path";

import type { IncomingMessage } from "node:http";

/** The part of Koa's context this uses (s3rver.d.ts types middleware by `req` alone). */
type Ctx = { method: string; path: string; query: Record<string, unknown>; status: number; body: unknown; type: string };

const xml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function multipartUploads(directory: string, bucket: string) {
  const uploadsDir = path.join(directory, bucket, "._S3rver_uploads");
  return async (koa: { req: IncomingMessage }, proceed: () => Promise<void>): Promise<void> => {
    const ctx = koa as unknown as Ctx;
    if (ctx.method === "GET" && (ctx.path === `/${bucket}` || ctx.path === `/${bucket}/`) && "uploads" in ctx.query) {
      const prefix = typeof ctx.query.prefix === "string" ? ctx.query.prefix : "";
      const uploads: string[] = [];
      for (const id of (await fs.readdir(uploadsDir).catch(() => [])).sort()) {
        const key = await fs.readFile(path.join(uploadsDir, id, "key"), "utf8").catch(() => null);
        if (key === null || !key.startsWith(prefix)) continue;
        const initiated = (await fs.stat(path.join(uploadsDir, id, "key"))).mtime.toISOString();
        uploads.push(`<Upload><Key>${xml(key)}</Key><UploadId>${id}</UploadId><Initiated>${initiated}</Initiated></Upload>`);
      }
      ctx.type = "application/xml";
      ctx.body =
        `<?xml version="1.0" encoding="UTF-8"?><ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
        `<Bucket>${bucket}</Bucket><Prefix>${xml(prefix)}</Prefix><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>${uploads.join("")}</ListMultipartUploadsResult>`;
      return;
    }
    if (ctx.method === "DELETE" && ctx.path.startsWith(`/${bucket}/`) && typeof ctx.query.uploadId === "string") {
      await fs.rm(path.join(uploadsDir, path.basename(ctx.query.uploadId)), { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    return proceed();
  };
}
