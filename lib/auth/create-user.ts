import type { Db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import type { UserCreateInput } from "@/lib/auth/schemas";

/** A taken user name is a 409 on the username field (lib/http/error-response.ts). */
export async function createUser(db: Db, input: UserCreateInput): Promise<{ id: string }> {
  const user = await db.user.create({ data: { username: input.username, passwordHash: await hashPassword(input.password), role: input.role }, select: { id: true } });
  return user;
}
