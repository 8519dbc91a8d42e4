/** Targets placed at one moment (time, LSN, restore point, placed xid): find the window, then the backup. */
import type { RecoverableWindow } from "./recoverable-window";
import {
  backupProblem,
  candidatesIn,
  edges,
  endsBy,
  fail,
  inside,
  newestOf,
  nonNegative,
  notInWindow,
  ok,
  preferred,
  usableIn,
  walAmount,
  type Ctx,
  type Locator,
} from "./restore-plan-context";
import { describeGap, gapAfter, noWindow, outside, timelineMismatch } from "./restore-plan-refusals";
import type { PlanBackup, PlanRestoreResult, RestorePlan } from "./restore-plan-types";

type Finish = (w: RecoverableWindow, backup: PlanBackup, chosen: boolean) => RestorePlan;

export function exactPlan(
  w: RecoverableWindow,
  backup: PlanBackup,
  chosen: boolean,
  targetLsn: bigint,
  recovery: RestorePlan["recovery"],
): RestorePlan {
  const wal = nonNegative(targetLsn - backup.stopLsn);
  return {
    backupId: backup.id,
    reason: `${chosen ? "chosen by you" : "newest complete backup that ends before the target"}: ${walAmount(wal)} to replay`,
    timeline: w.timeline,
    targetLsn,
    walBytesToReplay: wal,
    recovery,
  };
}

/** Time, LSN, restore point and placed xid targets: find the window, then the backup. */
export function planAt(ctx: Ctx, loc: Locator, finish: Finish): PlanRestoreResult {
  if (ctx.windows.length === 0) return noWindow(ctx);
  const holding = ctx.windows.filter((w) => inside(loc, w));
  const containing = holding.filter((w) => !loc.fits || loc.fits(w)).sort(preferred);
  const first = containing[0];
  if (!first) {
    const other = holding[0];
    if (other) return timelineMismatch(loc, other);
    return outside(ctx, loc);
  }
  const chosenId = ctx.input.chosenBackupId;
  if (chosenId != null) return planChosen(ctx, loc, containing, chosenId, finish);
  for (const w of containing) {
    const backup = newestOf(candidatesIn(ctx, w).filter((b) => endsBy(loc, b)));
    if (backup) return ok(finish(w, backup, false));
  }
  // A window starts at its oldest backup's end, which is at or before anything inside it.
  return ok(finish(first, ctx.byId.get(first.fromBackupId) as PlanBackup, false));
}

function planChosen(ctx: Ctx, loc: Locator, containing: RecoverableWindow[], id: string, finish: Finish): PlanRestoreResult {
  const first = containing[0] as RecoverableWindow;
  const nearest = edges(first);
  const problem = backupProblem(ctx, id);
  if (problem) return fail("backup_unusable", `${problem} Choose another backup, or let Wayback pick one.`, nearest);
  const backup = ctx.byId.get(id) as PlanBackup;
  if (!endsBy(loc, backup)) {
    const end = loc.show({ time: backup.stopTime, lsn: backup.stopLsn });
    return fail(
      "backup_after_target",
      `Backup ${id} ended at ${end}, after ${loc.label}: recovery has to start from a backup that ended before its target. Choose an older backup, or a target after ${end}.`,
      nearest,
    );
  }
  const window = containing.find((w) => usableIn(ctx, w, backup));
  if (window) return ok(finish(window, backup, true));
  const elsewhere = [...ctx.windows].sort(preferred).find((w) => usableIn(ctx, w, backup));
  if (!elsewhere) return fail("backup_unusable", notInWindow(backup), nearest);
  if (containing.some((w) => w.timeline === elsewhere.timeline)) {
    const gap = gapAfter(ctx, elsewhere, first);
    return fail(
      "backup_unusable",
      `Replay from backup ${id} stops at ${loc.show(elsewhere.to)}${describeGap(gap, " where ")}, before ${loc.label}. Choose a backup that ended after ${loc.show(elsewhere.to)}, or let Wayback pick one.`,
      nearest,
    );
  }
  return fail(
    "timeline_mismatch",
    `Backup ${id} recovers along timeline ${elsewhere.timeline}, but ${loc.label} is reached on timeline ${first.timeline}. Choose a backup on timeline ${first.timeline}, or let Wayback pick one.`,
    nearest,
  );
}
