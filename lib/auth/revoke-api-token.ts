import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors/app-error";

/** Revoked tokens stay listed (and in the audit log) but authenticate nothing; revoking twice is a no-op. */
export async function revokeApiToken(db: Db, opts: { id: string; now?: Date }): Promise<void> {
  const token = await db.apiToken.findUnique({ where: { id: opts.id } });
  if (!token) throw notFound("The API token");
  await db.apiToken.updateMany({ where: { id: opts.id, revokedAt: null }, data: { revokedAt: opts.now ?? new Date() } });
}
