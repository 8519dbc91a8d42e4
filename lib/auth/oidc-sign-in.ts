import { Prisma } from "@/lib/db/generated/client";
import type { Db } from "@/lib/db/client";
import { createSession, revokeUserSessions } from "@/lib/auth/session";
import { claimValues, usernameFromClaims, type Claims } from "@/lib/domain/oidc-claims";
import { OidcFailureError } from "@/lib/domain/oidc-failures";
import { roleForClaimValues } from "@/lib/domain/oidc-roles";
import type { OidcSettings } from "@/lib/domain/oidc-settings";
import type { SessionUser } from "@/lib/domain/roles";

/**
 * The password hash of a user who signs in through the provider: not an argon2 hash, so no
 * password verifies against it (verifyPassword answers false), as "!" locks an account in
 * /etc/shadow.
 */
export const NO_PASSWORD = "!oidc";

type Outcome = { ok: true; user: SessionUser; token: string; expiresAt: Date } | { ok: false; error: OidcFailureError };

/**
 * Signs in the user the provider vouched for (claims already validated by lib/auth/oidc-client.ts).
 * The account is found by issuer and subject, never by name, so a provider cannot take over a
 * local account (the break-glass admin) by asserting its name. The role is worked out from the
 * claims at every sign-in, so a group change at the provider takes effect at the next one, for
 * every session of the user (sessions read the user's role). A user the mapping now refuses loses
 * their sessions and API tokens: the provider says they no longer have access.
 */
export async function signInWithOidc(
  db: Db,
  opts: { settings: OidcSettings; claims: Claims; sessionHours: number; now?: Date },
): Promise<{ user: SessionUser; token: string; expiresAt: Date }> {
  const { settings: s, claims } = opts;
  const now = opts.now ?? new Date();
  const issuer = String(claims.iss);
  const subject = String(claims.sub);
  const values = claimValues(claims, s.roleClaim);
  const role = roleForClaimValues(values, s.roleMap, s.defaultRole);
  const wantedName = usernameFromClaims(claims, s.usernameClaim);

  const outcome = await db
    .$transaction(async (tx): Promise<Outcome> => {
      const identity = await tx.oidcIdentity.findUnique({ where: { issuer_subject: { issuer, subject } }, include: { user: true } });
      if (!role) {
        if (identity) {
          await revokeUserSessions(tx, identity.userId, now);
          await tx.apiToken.updateMany({ where: { userId: identity.userId, revokedAt: null }, data: { revokedAt: now } });
        }
        const who = identity?.user.username ?? wantedName ?? subject;
        const detail = `${who}: ${s.roleClaim} [${values.join(", ")}] maps to no role and there is no default role`;
        return { ok: false, error: new OidcFailureError("no_role", detail, who) };
      }
      let user: SessionUser;
      if (identity) {
        await tx.oidcIdentity.update({ where: { userId: identity.userId }, data: { lastSignInAt: now } });
        user = await tx.user.update({ where: { id: identity.userId }, data: { role }, select: { id: true, username: true, role: true } });
      } else {
        if (!wantedName) return { ok: false, error: new OidcFailureError("invalid", `no usable user name in the claims of ${subject}`) };
        if (await tx.user.findUnique({ where: { username: wantedName }, select: { id: true } })) {
          return { ok: false, error: new OidcFailureError("name_taken", `${wantedName} is the name of another account`, wantedName) };
        }
        user = await tx.user.create({
          data: { username: wantedName, passwordHash: NO_PASSWORD, role, oidcIdentity: { create: { issuer, subject, lastSignInAt: now } } },
          select: { id: true, username: true, role: true },
        });
      }
      const { token, expiresAt } = await createSession(tx, user.id, opts.sessionHours, now);
      return { ok: true, user, token, expiresAt };
    })
    .catch((err: unknown) => {
      // Two first sign-ins racing for one name: the unique index settles it, and the loser is told why.
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
        throw new OidcFailureError("name_taken", `${wantedName} was taken by another sign-in at the same moment`, wantedName ?? undefined);
      }
      throw err;
    });
  if (!outcome.ok) throw outcome.error;
  return { user: outcome.user, token: outcome.token, expiresAt: outcome.expiresAt };
}
