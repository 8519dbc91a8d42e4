import type { Db } from "@/lib/db/client";
import { changeUserKeepingAnAdmin } from "@/lib/auth/last-admin";

/**
 * Sessions and tokens go with the user (foreign keys cascade); what they requested keeps a null
 * requester, and the audit log keeps their name.
 */
export async function removeUser(db: Db, opts: { id: string }): Promise<void> {
  await changeUserKeepingAnAdmin(
    db,
    { userId: opts.id, keepsAdmin: false, refusal: "This is the last admin and cannot be removed: make another user an admin first." },
    (tx) => tx.user.delete({ where: { id: opts.id } }),
  );
}
