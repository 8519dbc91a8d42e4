import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors/app-error";
import { hasRole } from "@/lib/domain/roles";
import type { TokenCreateInput } from "@/lib/domain/auth-input";
import { hashToken } from "@/lib/auth/token-hash";
import { API_TOKEN_INCLUDE, presentApiToken, type ApiTokenView } from "@/lib/auth/api-token-view";

// Recognisable in logs and secret scanners, like GitHub's ghp_.
export const TOKEN_PREFIX = "wbt_";

/** A new token for a user, at most the user's role. The secret is returned here and never again. */
export async function createApiToken(
  db: Db,
  opts: { input: TokenCreateInput; createdById: string; now?: Date },
): Promise<{ token: ApiTokenView; secret: string }> {
  const now = opts.now ?? new Date();
  const user = await db.user.findUnique({ where: { id: opts.input.userId } });
  if (!user) throw notFound("The user");
  if (!hasRole(user.role, opts.input.role)) {
    const message = `${user.username} is ${user.role === "viewer" ? "a" : "an"} ${user.role}: a token cannot have more rights than its user.`;
    throw new AppError("validation_failed", message, { role: [message] });
  }
  const secret = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row = await db.apiToken.create({
    data: {
      name: opts.input.name,
      tokenHash: hashToken(secret),
      prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
      userId: user.id,
      role: opts.input.role,
      createdById: opts.createdById,
      createdAt: now,
      expiresAt: opts.input.expiresInDays === null ? null : new Date(now.getTime() + opts.input.expiresInDays * 86_400_000),
    },
    include: API_TOKEN_INCLUDE,
  });
  return { token: presentApiToken(row), secret };
}
