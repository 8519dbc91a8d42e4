import type { Prisma } from "@/lib/db/generated/client";
import type { Db } from "@/lib/db/client";
import { advisoryLocks, lockForTransaction } from "@/lib/db/advisory-locks";
import { AppError, notFound } from "@/lib/errors/app-error";

/**
 * Runs a change to one user with every other change to admins held off, and refuses it when it
 * would leave no admin. Two admins demoting each other at once: the second waits for the
 * advisory lock, then counts one admin and is refused.
 */
export async function changeUserKeepingAnAdmin<T>(
  db: Db,
  opts: { userId: string; keepsAdmin: boolean; refusal: string },
  change: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  return db.$transaction(async (tx) => {
    await lockForTransaction(tx, advisoryLocks.admins());
    const user = await tx.user.findUnique({ where: { id: opts.userId } });
    if (!user) throw notFound("The user");
    if (user.role === "admin" && !opts.keepsAdmin && (await tx.user.count({ where: { role: "admin" } })) <= 1) {
      throw new AppError("conflict", opts.refusal);
    }
    return change(tx);
  });
}
