import type { Role } from "@/lib/domain/roles";

/** An API token as the API and UI show it: never the token or its hash. */
export interface ApiTokenView {
  id: string;
  name: string;
  /** The token's first characters, to tell which one a client uses. */
  prefix: string;
  user: { id: string; username: string; role: Role };
  role: Role;
  state: "active" | "expired" | "revoked";
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export function presentApiToken(
  t: {
    id: string;
    name: string;
    prefix: string;
    role: Role;
    user: { id: string; username: string; role: Role };
    createdBy: { username: string } | null;
    createdAt: Date;
    expiresAt: Date | null;
    revokedAt: Date | null;
    lastUsedAt: Date | null;
  },
  now = new Date(),
): ApiTokenView {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    user: { id: t.user.id, username: t.user.username, role: t.user.role },
    role: t.role,
    state: t.revokedAt ? "revoked" : t.expiresAt && t.expiresAt <= now ? "expired" : "active",
    createdBy: t.createdBy?.username ?? null,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  };
}

export const API_TOKEN_INCLUDE = {
  user: { select: { id: true, username: true, role: true } },
  createdBy: { select: { username: true } },
} as const;
