import { createHash } from "node:crypto";

/**
 * Session cookies and API tokens are 32 random bytes, so one SHA-256 is enough to store them: a
 * leaked catalog gives no usable credential, and lookups stay an index probe (argon2 is for
 * passwords, which people choose).
 */
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
