/** Why a target cannot be planned, in words that say where it falls and what to choose instead. */
import type { RecoverableWindow, TimelineGap } from "./recoverable-window";
import { capitalize, edges, fail, moment, usableIn, type Ctx, type Locator } from "./restore-plan-context";
import type { PlanBackup, PlanRestoreResult, RestorePlanError } from "./restore-plan-types";
import { segmentEndLsn, segmentStartLsn } from "./wal-segment";

/** Only restore points carry a timeline of their own, so only they can land on the wrong one. */
export function timelineMismatch(loc: Locator, window: RecoverableWindow): PlanRestoreResult {
  return fail(
    "timeline_mismatch",
    `${capitalize(loc.label)} is not on the WAL that can be recovered: at that LSN recovery follows timeline ${window.timeline}. Recover to a time or an LSN instead, or put the WAL of the restore point's timeline into the archive.`,
    edges(window),
  );
}

/** The target is in no window: say where it falls and what the nearest recoverable moments are. */
export function outside(ctx: Ctx, loc: Locator): PlanRestoreResult {
  const near = nearestWindows(ctx, loc);
  const nearest = { before: near.before ? moment(near.before.to) : null, after: near.after ? moment(near.after.from) : null };
  if (!near.before) {
    const after = near.after as RecoverableWindow;
    const start = loc.show(after.from);
    return fail(
      "before_first_backup",
      `${capitalize(loc.label)} is before the oldest recoverable moment, ${start}, the end of the oldest usable backup (${after.fromBackupId}). Choose ${start} or later.${unusableBefore(ctx, loc)}`,
      nearest,
    );
  }
  const before = loc.show(near.before.to);
  const gap = gapAfter(ctx, near.before, near.after);
  if (near.after) {
    const after = loc.show(near.after.from);
    if (gap) {
      return fail(
        "in_gap",
        `${capitalize(loc.label)} is in a WAL gap ${describeGap(gap, "")}: the nearest recoverable moments are ${before} and ${after}. Choose one of them, or put the missing WAL back into the archive.`,
        nearest,
      );
    }
    return fail(
      "outside_window",
      `${capitalize(loc.label)} is not covered by any usable backup and its WAL: the nearest recoverable moments are ${before} and ${after}. Choose one of them.`,
      nearest,
    );
  }
  if (gap) {
    return fail(
      "in_gap",
      `${capitalize(loc.label)} is past a WAL gap ${describeGap(gap, "")}: replay stops at ${before}, the nearest recoverable moment. Choose it or an earlier one, or put the missing WAL back into the archive.`,
      nearest,
    );
  }
  return fail(
    "outside_window",
    `${capitalize(loc.label)} is after the latest recoverable moment, ${before}: the WAL past it has not been archived yet. Choose ${before} or earlier, or wait until archiving catches up.`,
    nearest,
  );
}

function nearestWindows(ctx: Ctx, loc: Locator): { before: RecoverableWindow | null; after: RecoverableWindow | null } {
  let before: RecoverableWindow | null = null;
  let after: RecoverableWindow | null = null;
  for (const w of ctx.windows) {
    if (loc.key(w.to) < loc.at && (!before || loc.key(w.to) > loc.key(before.to))) before = w;
    if (loc.key(w.from) > loc.at && (!after || loc.key(w.from) < loc.key(after.from))) after = w;
  }
  return { before, after };
}

/** For an "immediate" target: the ends of the usable backups just before and after this one. */
export function nearestBackupEnds(ctx: Ctx, backup: PlanBackup): RestorePlanError["nearest"] {
  let before: PlanBackup | null = null;
  let after: PlanBackup | null = null;
  for (const b of ctx.byId.values()) {
    if (b.id === backup.id || !ctx.windows.some((w) => usableIn(ctx, w, b))) continue;
    if (b.stopTime <= backup.stopTime && (!before || b.stopTime > before.stopTime)) before = b;
    if (b.stopTime > backup.stopTime && (!after || b.stopTime < after.stopTime)) after = b;
  }
  const end = (b: PlanBackup | null) => (b ? { time: b.stopTime, lsn: b.stopLsn } : null);
  return { before: end(before), after: end(after) };
}

/** The first gap in the archive after `before` ends (and before `after` starts) on their timelines. */
export function gapAfter(ctx: Ctx, before: RecoverableWindow, after: RecoverableWindow | null): TimelineGap | null {
  const seg = ctx.input.segmentSize;
  let found: TimelineGap | null = null;
  for (const gap of ctx.input.picture.gaps) {
    if (gap.timeline !== before.timeline && gap.timeline !== after?.timeline) continue;
    if (segmentEndLsn(gap.last, seg) <= before.to.lsn) continue;
    if (after && segmentStartLsn(gap.first, seg) >= after.from.lsn) continue;
    if (!found || gap.first < found.first) found = gap;
  }
  return found;
}

export function describeGap(gap: TimelineGap | null, lead: string): string {
  if (!gap) return "";
  const first = gap.missing[0] ?? `segment ${gap.first}`;
  const more = gap.missingCount - 1n;
  const what = more === 0n ? `${first} is missing` : `${first} and ${more} more segment${more === 1n ? "" : "s"} are missing`;
  return lead ? `${lead}${what}` : `(${what})`;
}

function unusableBefore(ctx: Ctx, loc: Locator): string {
  const earlier = ctx.input.picture.unusableBackups
    .map((u) => ({ u, b: ctx.byId.get(u.id) }))
    .filter(({ b }) => b && loc.key({ time: b.stopTime, lsn: b.stopLsn }) <= loc.at);
  const firstOne = earlier[0];
  if (!firstOne) return "";
  const more = earlier.length > 1 ? ` (and ${earlier.length - 1} more)` : "";
  return ` Backup ${firstOne.u.id} ended earlier but cannot be used: ${firstOne.u.reason}${more}.`;
}

export function noWindow(ctx: Ctx): PlanRestoreResult {
  const first = ctx.input.picture.unusableBackups[0];
  const why = first
    ? ` Backup ${first.id} cannot be used: ${first.reason}${ctx.input.picture.unusableBackups.length > 1 ? ` (and ${ctx.input.picture.unusableBackups.length - 1} more)` : ""}.`
    : "";
  return fail(
    "no_window",
    `Nothing can be restored yet: no complete backup has the WAL it needs.${why} Take a backup and check that WAL archiving works.`,
    { before: null, after: null },
  );
}
