import type { Db } from "@/lib/db/client";

export const LOCAL_REPOSITORY = "local";

/** The embedded default's repository, a directory under its data directory; created once. */
export async function ensureLocalRepository(db: Db, dir: string): Promise<string> {
  const existing = await db.repository.findUnique({ where: { name: LOCAL_REPOSITORY } });
  if (existing) return existing.id;
  return (await db.repository.create({ data: { name: LOCAL_REPOSITORY, kind: "posix", path: dir } })).id;
}
