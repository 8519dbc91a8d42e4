import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/domain/roles";
import { changeUserKeepingAnAdmin } from "@/lib/auth/last-admin";

/** Tokens keep their role but act with the lower of it and the user's (lib/auth/resolve-api-token.ts). */
export async function changeUserRole(db: Db, opts: { id: string; role: Role }): Promise<void> {
  await changeUserKeepingAnAdmin(
    db,
    { userId: opts.id, keepsAdmin: opts.role === "admin", refusal: "This is the last admin: make another user an admin first." },
    (tx) => tx.user.update({ where: { id: opts.id }, data: { role: opts.role } }),
  );
}
