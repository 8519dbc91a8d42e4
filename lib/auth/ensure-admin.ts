import type { Db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";

/**
 * The first user. Creates `admin` when the catalog has no users; returns whether it did, so the
 * caller keeps a generated password for the newcomer (lib/auth/generated-password.ts).
 */
export async function ensureAdmin(db: Db, password: string): Promise<boolean> {
  if ((await db.user.count()) > 0) return false;
  await db.user.create({ data: { username: "admin", passwordHash: await hashPassword(password), role: "admin" } });
  return true;
}
