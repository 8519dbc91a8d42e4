/**
 * What every part of restore planning shares: the input with backups indexed, how a target is
 * placed against the recoverable windows (a Locator), and the rules for which backup can start
 * recovery in which window.
 */
import { formatBytes } from "./byte-size";
import { formatLsn } from "./lsn";
import type { RecoverableWindow } from "./recoverable-window";
import type {
  PlanBackup,
  PlanRestoreInput,
  PlanRestoreResult,
  RecoverableMoment,
  RestorePlan,
  RestorePlanError,
  RestorePlanErrorCode,
} from "./restore-plan-types";

export interface Ctx {
  input: PlanRestoreInput;
  windows: RecoverableWindow[];
  byId: Map<string, PlanBackup>;
  unusable: Map<string, string>;
}

/** How one target is placed against windows: `key` orders moments, `at` is the target on that order. */
export interface Locator {
  label: string;
  at: bigint;
  key: (m: RecoverableMoment) => bigint;
  show: (m: RecoverableMoment) => string;
  fits?: (w: RecoverableWindow) => boolean;
}

export function context(input: PlanRestoreInput): Ctx {
  const byId = new Map(input.backups.map((b) => [b.id, b]));
  // A window's oldest backup missing from the list still starts it: stand in with the window's start.
  for (const w of input.picture.windows) {
    if (!byId.has(w.fromBackupId)) {
      byId.set(w.fromBackupId, {
        id: w.fromBackupId,
        status: "complete",
        timeline: w.timeline,
        startLsn: w.from.lsn,
        stopLsn: w.from.lsn,
        stopTime: w.from.time,
        storedBytes: 0,
        databaseBytes: 0,
      });
    }
  }
  return {
    input,
    windows: input.picture.windows,
    byId,
    unusable: new Map(input.picture.unusableBackups.map((u) => [u.id, u.reason])),
  };
}

export const timeKey = (m: RecoverableMoment) => BigInt(m.time.getTime());

export const lsnKey = (m: RecoverableMoment) => m.lsn;

export const showTime = (m: RecoverableMoment) => iso(m.time);

export const showLsn = (m: RecoverableMoment) => `LSN ${formatLsn(m.lsn)} (${iso(m.time)})`;

/** Why a backup cannot start a restore at all, or null. */
export function backupProblem(ctx: Ctx, id: string): string | null {
  const backup = ctx.byId.get(id);
  if (!backup) return `There is no backup ${id} in this cluster.`;
  if (backup.status !== "complete") return `Backup ${id} is not complete (status: ${backup.status}).`;
  const reason = ctx.unusable.get(id);
  if (reason) return `Backup ${id} cannot be restored: ${reason}.`;
  return null;
}

export function notInWindow(backup: PlanBackup): string {
  return `Backup ${backup.id} cannot be restored: no recoverable window holds its end (${iso(backup.stopTime)}, LSN ${formatLsn(backup.stopLsn)}). Choose another backup.`;
}

/** A backup can start recovery in `w`: complete, usable, its end inside `w`, on a timeline `w` recovers along. */
export function usableIn(ctx: Ctx, w: RecoverableWindow, backup: PlanBackup): boolean {
  if (backup.id === w.fromBackupId) return true;
  if (backup.status !== "complete" || ctx.unusable.has(backup.id) || backup.stopLsn < backup.startLsn) return false;
  if (backup.stopLsn < w.from.lsn || backup.stopLsn > w.to.lsn) return false;
  return timelineFits(ctx, w, backup.timeline, backup.stopLsn);
}

/** WAL of `timeline` up to `lsn` is on the path recovery into `w` follows. */
export function timelineFits(ctx: Ctx, w: RecoverableWindow, timeline: number, lsn: bigint): boolean {
  if (timeline === w.timeline) return true;
  const { histories } = ctx.input;
  if (histories) {
    const history = histories.find((h) => h.timeline === w.timeline);
    return history?.parents.some((p) => p.timeline === timeline && lsn <= p.switchLsn) ?? false;
  }
  return ctx.byId.get(w.fromBackupId)?.timeline === timeline;
}

export function candidatesIn(ctx: Ctx, w: RecoverableWindow): PlanBackup[] {
  return [...ctx.byId.values()].filter((b) => usableIn(ctx, w, b));
}

export function newestOf(backups: PlanBackup[]): PlanBackup | null {
  let newest: PlanBackup | null = null;
  for (const b of backups) {
    if (!newest || b.stopLsn > newest.stopLsn || (b.stopLsn === newest.stopLsn && b.stopTime > newest.stopTime)) newest = b;
  }
  return newest;
}

export function endsBy(loc: Locator, backup: PlanBackup): boolean {
  return loc.key({ time: backup.stopTime, lsn: backup.stopLsn }) <= loc.at;
}

export function inside(loc: Locator, w: RecoverableWindow): boolean {
  return loc.key(w.from) <= loc.at && loc.at <= loc.key(w.to);
}

/** Highest timeline first (what recovery_target_timeline = 'latest' follows), then the longest reach. */
export function preferred(a: RecoverableWindow, b: RecoverableWindow): number {
  return b.timeline - a.timeline || cmp(b.to.lsn, a.to.lsn);
}

export function latestFirst(windows: RecoverableWindow[]): RecoverableWindow[] {
  return [...windows].sort((a, b) => b.to.time.getTime() - a.to.time.getTime() || b.timeline - a.timeline || cmp(b.to.lsn, a.to.lsn));
}

export function edges(w: RecoverableWindow): RestorePlanError["nearest"] {
  return { before: moment(w.from), after: moment(w.to) };
}

export function moment(m: RecoverableMoment): RecoverableMoment {
  return { time: m.time, lsn: m.lsn };
}

export function walAmount(bytes: bigint): string {
  return bytes === 0n ? "no WAL" : `${formatBytes(Number(bytes))} of WAL`;
}

export function nonNegative(value: bigint): bigint {
  return value < 0n ? 0n : value;
}

export function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function ok(plan: RestorePlan): PlanRestoreResult {
  return { ok: true, plan };
}

export function fail(code: RestorePlanErrorCode, message: string, nearest: RestorePlanError["nearest"]): PlanRestoreResult {
  return { ok: false, error: { code, message, nearest } };
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** ISO 8601 in UTC, without milliseconds when there are none. */
export function iso(date: Date): string {
  return date.toISOString().replace(".000Z", "Z");
}
