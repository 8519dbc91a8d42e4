import type { Db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";

/**
 * The first user. Creates `admin` when the catalog has no users; returns whether it did, so the
 * caller prints a generated password exactly once.
 */
export async function ensureAdmin(db: Db, password: string): Promise<boolean> {
  if ((await db.user.count()) > 0) return false;
  await db.user.create({ data: { username: "admin", passwordHash: await hashPassword(password), role: "admin" } });
  return true;
}
