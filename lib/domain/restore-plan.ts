/**
 * Restore planning: which backup to start from, on which timeline, and how much WAL to replay to
 * reach a target (lib/domain/restore-target-input.ts). The API validates a request with
 * planRestore() before any job starts, and the UI shows the same plan before the user confirms,
 * so they cannot disagree.
 *
 * Planning rules:
 * - A target must lie in a recoverable window (recoveryPicture): from.time <= time <= to.time for
 *   times, from.lsn <= lsn <= to.lsn for LSNs (both ends inclusive); a restore point's LSN likewise,
 *   and its timeline must be the one recovery follows at that LSN.
 * - Outside every window: later than `now` is in_future; before the first window is
 *   before_first_backup; after a window whose WAL stops at a missing segment (a gap in the archive)
 *   is in_gap; otherwise outside_window (past the archived WAL, or a stretch no usable backup covers,
 *   e.g. on another timeline).
 * - When windows on several timelines hold the target, the highest timeline wins (what
 *   recovery_target_timeline = 'latest' would follow).
 * - The backup is the newest one usable in that window that ended at or before the target: the
 *   least WAL to replay. Windows keep only their oldest backup's id, so usability is computed
 *   again here: complete, not listed as unusable, stop inside the window, and on a timeline the
 *   window recovers along. With `histories` that is exact (the backup's timeline is on the
 *   window's history and the backup ended at or before the switch); without, it is the window's
 *   timeline or that of the window's own oldest backup.
 * - Restore point names may repeat: the plan aims at the newest one that can be recovered to and
 *   says in `reason` that recovery stops at the first one replayed after the backup.
 * - xid targets cannot be placed on the WAL from the catalog. With `xidHint` (an LSN found by
 *   decoding WAL) they are planned like an LSN; without, the plan starts from the oldest backup of
 *   the latest window, so replay passes the transaction wherever it lies in that window, and the
 *   reason says the xid was not placed (targetLsn null, walBytesToReplay an upper bound).
 * - Time targets: where replay stops is known only to a segment. targetLsn is an upper bound: the
 *   end of the first segment (from the backup's end on) holding a commit after the target, when
 *   `segments` with commit times are given, else the window's end.
 */
import { formatLsn, parseLsn } from "./lsn";
import type { RecoverableWindow } from "./recoverable-window";
import { exactPlan, planAt } from "./restore-plan-at";
import {
  backupProblem,
  candidatesIn,
  cmp,
  context,
  edges,
  fail,
  inside,
  iso,
  latestFirst,
  lsnKey,
  moment,
  newestOf,
  nonNegative,
  notInWindow,
  ok,
  preferred,
  showLsn,
  showTime,
  timeKey,
  timelineFits,
  usableIn,
  walAmount,
  type Ctx,
  type Locator,
} from "./restore-plan-context";
import { describeGap, gapAfter, nearestBackupEnds, noWindow } from "./restore-plan-refusals";
import type { PlanBackup, PlanRestoreInput, PlanRestorePoint, PlanRestoreResult } from "./restore-plan-types";
import type { ImmediateTarget, LsnTarget, NameTarget, TimeTarget, XidTarget } from "./restore-target-input";
import { parseTargetTime } from "./restore-target-time";
import { xidOf } from "./restore-target-xid";
import { assertSegmentSize, segmentEndLsn, segmentOfLsn } from "./wal-segment";

export function planRestore(input: PlanRestoreInput): PlanRestoreResult {
  assertSegmentSize(input.segmentSize);
  const ctx = context(input);
  const { target } = input;
  switch (target.kind) {
    case "time":
      return planTime(ctx, target);
    case "lsn":
      return planLsn(ctx, target);
    case "name":
      return planName(ctx, target);
    case "xid":
      return planXid(ctx, target);
    case "immediate":
      return planImmediate(ctx, target);
    case "latest":
      return planLatest(ctx);
  }
}

function planTime(ctx: Ctx, target: TimeTarget): PlanRestoreResult {
  const { date, canonical } = parseTargetTime(target.time);
  const loc: Locator = { label: iso(date), at: BigInt(date.getTime()), key: timeKey, show: showTime };
  if (date.getTime() > ctx.input.now.getTime()) {
    const latest = latestFirst(ctx.windows)[0];
    const tail = latest ? `: the latest recoverable moment is ${iso(latest.to.time)}` : "";
    return fail("in_future", `${loc.label} is in the future (it is now ${iso(ctx.input.now)})${tail}. Choose a moment that has passed.`, {
      before: latest ? moment(latest.to) : null,
      after: null,
    });
  }
  return planAt(ctx, loc, (w, backup, chosen) => {
    const targetLsn = timeBound(ctx, w, backup.stopLsn, date, target.inclusive);
    const wal = nonNegative(targetLsn - backup.stopLsn);
    return {
      backupId: backup.id,
      reason: `${chosen ? "chosen by you" : "newest complete backup that ends before the target"}: up to ${walAmount(wal)} to replay`,
      timeline: w.timeline,
      targetLsn,
      walBytesToReplay: wal,
      recovery: { target: "time", value: canonical, inclusive: target.inclusive },
    };
  });
}

function planLsn(ctx: Ctx, target: LsnTarget): PlanRestoreResult {
  const lsn = parseLsn(target.lsn);
  const loc: Locator = { label: `LSN ${formatLsn(lsn)}`, at: lsn, key: lsnKey, show: showLsn };
  return planAt(ctx, loc, (w, backup, chosen) =>
    exactPlan(w, backup, chosen, lsn, { target: "lsn", value: formatLsn(lsn), inclusive: target.inclusive }),
  );
}

function planName(ctx: Ctx, target: NameTarget): PlanRestoreResult {
  const known = [...ctx.input.restorePoints].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const matches = known.filter((p) => p.name === target.name).sort((a, b) => cmp(b.lsn, a.lsn));
  if (matches.length === 0) {
    const names = [...new Set(known.map((p) => p.name))];
    const listed = names
      .slice(0, 5)
      .map((n) => JSON.stringify(n))
      .join(", ");
    const more = names.length > 5 ? ` and ${names.length - 5} more` : "";
    const message =
      names.length === 0
        ? `No restore point is named ${JSON.stringify(target.name)}: none have been recorded for this cluster. Recover to a time or an LSN instead.`
        : `No restore point is named ${JSON.stringify(target.name)}. Known restore points, newest first: ${listed}${more}.`;
    return fail("unknown_restore_point", message, { before: null, after: null });
  }
  if (ctx.windows.length === 0) return noWindow(ctx);
  // Names may repeat: aim at the newest one that can be recovered to.
  const locate = (p: PlanRestorePoint): Locator => ({
    label: `restore point ${JSON.stringify(p.name)} (timeline ${p.timeline}, LSN ${formatLsn(p.lsn)}, created ${iso(p.createdAt)})`,
    at: p.lsn,
    key: lsnKey,
    show: showLsn,
    fits: (w) => timelineFits(ctx, w, p.timeline, p.lsn),
  });
  const point = matches.find((p) => ctx.windows.some((w) => inside(locate(p), w) && timelineFits(ctx, w, p.timeline, p.lsn))) ?? matches[0];
  if (!point) return noWindow(ctx);
  const repeated =
    matches.length > 1
      ? `; ${matches.length} restore points share this name and recovery stops at the first one replayed after the backup`
      : "";
  return planAt(ctx, locate(point), (w, backup, chosen) => {
    const plan = exactPlan(w, backup, chosen, point.lsn, { target: "name", value: point.name, inclusive: null });
    return { ...plan, reason: plan.reason + repeated };
  });
}

function planXid(ctx: Ctx, target: XidTarget): PlanRestoreResult {
  const { xid, epoch } = xidOf(target.xid);
  const recovery = { target: "xid" as const, value: xid.toString(), inclusive: target.inclusive };
  const epochNote = epoch > 0n ? ` (xid8 ${target.xid} is xid ${xid} in epoch ${epoch}; PostgreSQL matches the 32-bit xid)` : "";
  if (ctx.windows.length === 0) return noWindow(ctx);
  const hint = ctx.input.xidHint;
  if (hint) {
    const loc: Locator = {
      label: `transaction ${xid} (committed at about LSN ${formatLsn(hint.lsn)})`,
      at: hint.lsn,
      key: lsnKey,
      show: showLsn,
    };
    return planAt(ctx, loc, (w, backup, chosen) => {
      const plan = exactPlan(w, backup, chosen, hint.lsn, recovery);
      return { ...plan, reason: plan.reason + epochNote };
    });
  }
  const ordered = latestFirst(ctx.windows);
  let window = ordered[0] as RecoverableWindow;
  let backup = ctx.byId.get(window.fromBackupId) as PlanBackup;
  const chosenId = ctx.input.chosenBackupId;
  if (chosenId != null) {
    const problem = backupProblem(ctx, chosenId);
    if (problem) return fail("backup_unusable", `${problem} Choose another backup.`, edges(window));
    backup = ctx.byId.get(chosenId) as PlanBackup;
    const usable = ordered.find((w) => usableIn(ctx, w, backup));
    if (!usable) return fail("backup_unusable", notInWindow(backup), edges(window));
    window = usable;
  }
  const wal = nonNegative(window.to.lsn - backup.stopLsn);
  const from = chosenId != null ? "chosen by you" : `the oldest backup of the latest recoverable window (it ended ${iso(backup.stopTime)})`;
  return ok({
    backupId: backup.id,
    reason:
      `transaction ${xid} could not be placed on the WAL, so replay starts from ${from} and reads up to ` +
      `${walAmount(wal)} until the transaction's commit; if it committed before the backup ended or after ` +
      `${iso(window.to.time)}, recovery stops with "recovery ended before configured recovery target was reached"${epochNote}`,
    timeline: window.timeline,
    targetLsn: null,
    walBytesToReplay: wal,
    recovery,
  });
}

function planImmediate(ctx: Ctx, target: ImmediateTarget): PlanRestoreResult {
  const id = target.backupId;
  const backup = ctx.byId.get(id);
  const around = backup ? nearestBackupEnds(ctx, backup) : { before: null, after: null };
  const chosenId = ctx.input.chosenBackupId;
  if (chosenId != null && chosenId !== id) {
    return fail(
      "backup_unusable",
      `An "immediate" target restores the backup it names (${id}), but backup ${chosenId} was also chosen. Name one backup.`,
      around,
    );
  }
  const problem = backupProblem(ctx, id);
  if (problem || !backup) return fail("backup_unusable", `${problem ?? ""} Choose another backup.`.trim(), around);
  const window = [...ctx.windows].sort(preferred).find((w) => usableIn(ctx, w, backup));
  if (!window) return fail("backup_unusable", notInWindow(backup), around);
  return ok({
    backupId: backup.id,
    reason: `restores backup ${backup.id} to its end (${iso(backup.stopTime)}, LSN ${formatLsn(backup.stopLsn)}), the earliest consistent moment: no WAL past it is replayed`,
    timeline: backup.timeline,
    targetLsn: backup.stopLsn,
    walBytesToReplay: 0n,
    recovery: { target: "immediate", value: null, inclusive: null },
  });
}

function planLatest(ctx: Ctx): PlanRestoreResult {
  if (ctx.windows.length === 0) return noWindow(ctx);
  const ordered = latestFirst(ctx.windows);
  const newest = ordered[0] as RecoverableWindow;
  const recovery = { target: "latest" as const, value: null, inclusive: null };
  const chosenId = ctx.input.chosenBackupId;
  if (chosenId != null) {
    const problem = backupProblem(ctx, chosenId);
    if (problem) return fail("backup_unusable", `${problem} Choose another backup.`, edges(newest));
    const backup = ctx.byId.get(chosenId) as PlanBackup;
    const window = ordered.find((w) => usableIn(ctx, w, backup));
    if (!window) return fail("backup_unusable", notInWindow(backup), edges(newest));
    const wal = nonNegative(window.to.lsn - backup.stopLsn);
    const short =
      window === newest
        ? ""
        : `; replay from it ends at ${iso(window.to.time)}${describeGap(gapAfter(ctx, window, null), " where ")}, not at the latest recoverable moment ${iso(newest.to.time)}`;
    return ok({
      backupId: backup.id,
      reason: `chosen by you: ${walAmount(wal)} to replay${short}`,
      timeline: window.timeline,
      targetLsn: window.to.lsn,
      walBytesToReplay: wal,
      recovery,
    });
  }
  const backup = newestOf(candidatesIn(ctx, newest)) ?? (ctx.byId.get(newest.fromBackupId) as PlanBackup);
  const wal = nonNegative(newest.to.lsn - backup.stopLsn);
  return ok({
    backupId: backup.id,
    reason: `newest complete backup of the latest recoverable window: ${walAmount(wal)} to replay, up to ${iso(newest.to.time)}`,
    timeline: newest.timeline,
    targetLsn: newest.to.lsn,
    walBytesToReplay: wal,
    recovery,
  });
}

/**
 * Upper bound of where replay for a time target ends: recovery stops at the first commit after the
 * target (at it, when not inclusive), so the end of the first segment holding one bounds it.
 * Only the window's own timeline is searched: that bound stays safe across a switch.
 */
function timeBound(ctx: Ctx, w: RecoverableWindow, backupStop: bigint, time: Date, inclusive: boolean): bigint {
  const { segments, segmentSize } = ctx.input;
  if (!segments || w.to.lsn === 0n) return w.to.lsn;
  const firstSeg = segmentOfLsn(backupStop, segmentSize);
  const lastSeg = segmentOfLsn(w.to.lsn - 1n, segmentSize);
  let stopSeg: bigint | null = null;
  for (const s of segments) {
    if (s.timeline !== w.timeline || s.segno < firstSeg || s.segno > lastSeg || !s.lastCommitAt) continue;
    const after = inclusive ? s.lastCommitAt.getTime() > time.getTime() : s.lastCommitAt.getTime() >= time.getTime();
    if (after && (stopSeg === null || s.segno < stopSeg)) stopSeg = s.segno;
  }
  if (stopSeg === null) return w.to.lsn;
  const bound = segmentEndLsn(stopSeg, segmentSize);
  return bound < backupStop ? backupStop : bound > w.to.lsn ? w.to.lsn : bound;
}
