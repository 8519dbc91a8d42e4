import type { Prisma } from "@/lib/db/generated/client";
import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors/app-error";
import type { UserView } from "@/lib/auth/user-view";

export async function listUsers(db: Db, now = new Date()): Promise<UserView[]> {
  const users = await db.user.findMany({ orderBy: { username: "asc" }, include: liveSessions(now) });
  return users.map(presentUser);
}

export async function getUser(db: Db, id: string, now = new Date()): Promise<UserView> {
  const user = await db.user.findUnique({ where: { id }, include: liveSessions(now) });
  if (!user) throw notFound("The user");
  return presentUser(user);
}

const liveSessions = (now: Date) =>
  ({ sessions: { where: { revokedAt: null, expiresAt: { gt: now } }, select: { lastSeenAt: true } } }) satisfies Prisma.UserInclude;

function presentUser(u: Prisma.UserGetPayload<{ include: ReturnType<typeof liveSessions> }>): UserView {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    createdAt: u.createdAt.toISOString(),
    activeSessions: u.sessions.length,
    lastSeenAt: u.sessions.length ? new Date(Math.max(...u.sessions.map((s) => s.lastSeenAt.getTime()))).toISOString() : null,
  };
}
