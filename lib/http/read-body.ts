import { AppError } from "@/lib/errors/app-error";

/**
 * Every /api/v1 request body is at most 1 MiB. The largest legitimate one, a dump restore naming
 * 1000 tables, is about 150 kB; anything bigger is a mistake or an attack, and a JSON text is
 * parsed in one go on the event loop every request shares, so it is refused before it is read.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

const tooLarge = () =>
  new AppError(
    "payload_too_large",
    `The request body is larger than ${MAX_BODY_BYTES} bytes (1 MiB), the limit for every API request. Nothing was changed.`,
  );

/**
 * The body as JSON. A declared Content-Length over the limit is refused before anything is read;
 * the body is read as a stream that stops at the limit, so one without Content-Length (chunked)
 * or lying about it is not read past it either. The rest is left unread rather than cancelled: cancelling
 * would reset the connection before the 413 could be sent, and the 413 closes the connection.
 */
export async function readJsonBody(req: Request): Promise<unknown> {
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        size += r.value.byteLength;
        if (size > MAX_BODY_BYTES) throw tooLarge();
        chunks.push(r.value);
      }
    } finally {
      reader.releaseLock();
    }
  }
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks)));
  } catch {
    throw new AppError("validation_failed", "The request body must be JSON (UTF-8).");
  }
}
