import type { Db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors/app-error";

/**
 * Someone has seen the alert and is on it: open → acknowledged, with who and why. The alert still
 * resolves by itself when its condition clears; acknowledging a resolved alert changes nothing.
 */
export async function acknowledgeAlert(db: Db, opts: { id: string; userId: string; comment: string; now?: Date }): Promise<void> {
  const done = await db.alert.updateMany({
    where: { id: opts.id, state: "open" },
    data: {
      state: "acknowledged",
      acknowledgedById: opts.userId,
      acknowledgedAt: opts.now ?? new Date(),
      ackComment: opts.comment || null,
    },
  });
  if (done.count === 1) return;
  const alert = await db.alert.findUnique({ where: { id: opts.id }, select: { state: true } });
  if (!alert) throw notFound("The alert");
  throw new AppError(
    "conflict",
    alert.state === "resolved" ? "This alert is already resolved: nothing to acknowledge." : "This alert is already acknowledged.",
  );
}
