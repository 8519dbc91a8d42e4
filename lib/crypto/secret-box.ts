import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Secrets at rest (cluster passwords; later repository keys, SMTP passwords, webhook URLs):
 * AES-256-GCM with a fresh 96-bit nonce per value. The format is versioned so the key or the
 * algorithm can be rotated later: "v1.<nonce>.<tag>.<ciphertext>", each part base64url.
 */
const VERSION = "v1";

export function encryptSecret(plaintext: string, key: Buffer, context = ""): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  // The context (e.g. "cluster:<id>") is authenticated, so a ciphertext cannot be moved to
  // another row and decrypted there.
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, nonce, cipher.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export function decryptSecret(envelope: string, key: Buffer, context = ""): string {
  const [version, nonce, tag, body, ...rest] = envelope.split(".");
  if (version !== VERSION || nonce === undefined || tag === undefined || body === undefined || rest.length > 0) {
    throw new Error("Unreadable secret: not a Wayback v1 envelope.");
  }
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("Cannot decrypt a stored secret: WAYBACK_SECRET_KEY is not the key it was encrypted with, or the value was altered.");
  }
}
