/**
 * Restore targets and restore planning. The API validates a request with planRestore() before any
 * job starts, and the UI shows the same plan before the user confirms, so they cannot disagree.
 *
 * Targets map onto PostgreSQL's recovery settings: recovery_target_time / _name / _lsn / _xid,
 * recovery_target = 'immediate' (stop at the end of the backup), or none (replay everything
 * archived: "latest"), with recovery_target_inclusive and recovery_target_timeline.
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
import { z } from "zod";
import { formatSize } from "./backup-manifest";
import { formatLsn, parseLsn } from "./lsn";
import { pgNameInput } from "./text-input";
import type { RecoverableWindow, RecoveryPicture, SegmentInfo, TimelineGap } from "./recoverable-window";
import type { TimelineHistory } from "./timeline-history";
import { assertSegmentSize, segmentEndLsn, segmentOfLsn, segmentStartLsn } from "./wal-segment";

// ---------------------------------------------------------------------------------------------
// Input schema (UI form and POST body)
// ---------------------------------------------------------------------------------------------

export const RESTORE_TARGET_KINDS = ["time", "name", "lsn", "xid", "immediate", "latest"] as const;
export type RestoreTargetKind = (typeof RESTORE_TARGET_KINDS)[number];

// ISO 8601 / RFC 3339: date, "T" (or a space), time with optional seconds and fraction, offset.
const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

export interface ParsedTargetTime {
  /** The instant, to the millisecond. */
  date: Date;
  /** The same instant in UTC for recovery_target_time, keeping every fractional digit given. */
  canonical: string;
}

type TimeParse = { ok: true; value: ParsedTargetTime } | { ok: false; message: string };

const TIME_FORMAT_HINT = "e.g. 2026-11-24T14:31:00Z or 2026-11-24T16:31:00+02:00";

function readTargetTime(text: string): TimeParse {
  const m = ISO_TIME.exec(text.trim());
  if (!m) return { ok: false, message: `Enter the time in ISO 8601 with a UTC offset, ${TIME_FORMAT_HINT}.` };
  const [, y, mo, d, h, mi, s = "00", frac = "", zulu, sign, oh, om = "00"] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const monthDays = month === 2 ? (isLeap(year) ? 29 : 28) : new Date(Date.UTC(2001, month, 0)).getUTCDate();
  // An impossible date is the problem to fix first: adding an offset to it would not help.
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > monthDays || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, message: `${text.trim()} is not a real date and time (months run 01–12, days to the month's end, hours 00–23, minutes and seconds 00–59).` };
  }
  if (!zulu && !sign) {
    return {
      ok: false,
      message: `Add a UTC offset to the time, e.g. "+02:00" or "Z": without one the server's time zone would decide which moment it is.`,
    };
  }
  const offsetHours = Number(oh ?? "0");
  const offsetMinutes = Number(om);
  if (offsetHours > 15 || offsetMinutes > 59) {
    return { ok: false, message: `The UTC offset must be between -15:59 and +15:59.` };
  }
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, Number(frac.slice(0, 3).padEnd(3, "0")));
  const offsetMs = (sign === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  const date = new Date(local.getTime() - offsetMs);
  const canonical = `${date.toISOString().slice(0, 19)}${frac ? `.${frac}` : ""}Z`;
  return { ok: true, value: { date, canonical } };
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Parses a time target already accepted by restoreTargetInput; throws on anything else. */
export function parseTargetTime(text: string): ParsedTargetTime {
  const parsed = readTargetTime(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

const XID32_MAX = 0xffffffffn;
/** Epoch-qualified (xid8) values: epoch << 32 | xid, below 2^63 as PostgreSQL's FullTransactionId. */
const XID8_MAX = (1n << 63n) - 1n;
const FIRST_NORMAL_XID = 3n;

/**
 * recovery_target_xid. PostgreSQL reads it with strtou64(…, 0) and keeps the low 32 bits, so an
 * epoch-qualified xid8 (as txid_current() / pg_current_xact_id() print) is accepted too and means
 * its 32-bit xid; a leading 0 would make PostgreSQL read octal, so it is refused.
 */
export function xidOf(text: string): { xid: bigint; epoch: bigint } {
  const value = BigInt(text);
  return { xid: value & XID32_MAX, epoch: value >> 32n };
}

function checkXid(text: string): string | null {
  if (!/^\d+$/.test(text)) return "A transaction id is a whole number written in digits, e.g. 7418323.";
  if (text.length > 1 && text.startsWith("0")) {
    return "Write the transaction id without leading zeros: PostgreSQL would read 0123 as an octal number.";
  }
  const value = BigInt(text);
  if (value > XID8_MAX) return "A transaction id is at most 4294967295, or an epoch-qualified xid8 below 2^63.";
  const { xid } = xidOf(text);
  if (xid < FIRST_NORMAL_XID) {
    return value <= XID32_MAX
      ? "Transaction ids 0, 1 and 2 are reserved by PostgreSQL; a real transaction id is 3 or more."
      : `The epoch-qualified id ${text} names xid ${xid}, which is reserved; a real transaction id is 3 or more.`;
  }
  return null;
}

function isLsn(text: string): boolean {
  try {
    parseLsn(text);
    return true;
  } catch {
    return false;
  }
}

const inclusive = z.boolean({ error: "inclusive is true (stop just after the target) or false (just before)." }).default(true);

/** Refuses keys of other kinds ("two targets at once") with a message naming them. */
function onlyKeys(kind: RestoreTargetKind, allowed: string) {
  return {
    error: (issue: { code?: string; keys?: string[] }) =>
      issue.code === "unrecognized_keys"
        ? `A "${kind}" target takes only ${allowed}; remove ${(issue.keys ?? []).map((k) => `"${k}"`).join(", ")}. Give exactly one target.`
        : undefined,
  };
}

const timeTarget = z.strictObject(
  {
    kind: z.literal("time"),
    time: z
      .string({ error: `Enter the time in ISO 8601 with a UTC offset, ${TIME_FORMAT_HINT}.` })
      .trim()
      .superRefine((value, ctx) => {
        const parsed = readTargetTime(value);
        if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
      }),
    inclusive,
  },
  onlyKeys("time", '"time" and "inclusive"'),
);

const nameTarget = z.strictObject(
  {
    kind: z.literal("name"),
    name: pgNameInput("restore point name", { empty: "Enter the name of a restore point.", tooLong: "Restore point names are at most 63 bytes." }),
  },
  onlyKeys("name", '"name"'),
);

const lsnTarget = z.strictObject(
  {
    kind: z.literal("lsn"),
    lsn: z
      .string({ error: 'Enter an LSN, e.g. "16/B374D848".' })
      .trim()
      .refine(isLsn, 'Enter an LSN as PostgreSQL prints it: hex, "/", hex, e.g. "16/B374D848".'),
    inclusive,
  },
  onlyKeys("lsn", '"lsn" and "inclusive"'),
);

const xidTarget = z.strictObject(
  {
    kind: z.literal("xid"),
    xid: z
      .string({ error: "Enter a transaction id, e.g. 7418323." })
      .trim()
      .superRefine((value, ctx) => {
        const problem = checkXid(value);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    inclusive,
  },
  onlyKeys("xid", '"xid" and "inclusive"'),
);

const immediateTarget = z.strictObject(
  { kind: z.literal("immediate"), backupId: z.uuid("Choose the backup to restore to its end.") },
  onlyKeys("immediate", '"backupId"'),
);

const latestTarget = z.strictObject({ kind: z.literal("latest") }, onlyKeys("latest", "nothing else"));

/** Exactly one recovery target. */
export const restoreTargetInput = z.discriminatedUnion(
  "kind",
  [timeTarget, nameTarget, lsnTarget, xidTarget, immediateTarget, latestTarget],
  {
    error: (issue) =>
      issue.code === "invalid_union"
        ? `Choose what to recover to: "kind" is one of ${RESTORE_TARGET_KINDS.join(", ")}.`
        : undefined,
  },
);

export type RestoreTargetInput = z.input<typeof restoreTargetInput>;
export type RestoreTarget = z.output<typeof restoreTargetInput>;
export type TimeTarget = Extract<RestoreTarget, { kind: "time" }>;
export type NameTarget = Extract<RestoreTarget, { kind: "name" }>;
export type LsnTarget = Extract<RestoreTarget, { kind: "lsn" }>;
export type XidTarget = Extract<RestoreTarget, { kind: "xid" }>;
export type ImmediateTarget = Extract<RestoreTarget, { kind: "immediate" }>;
export type LatestTarget = Extract<RestoreTarget, { kind: "latest" }>;

// ---------------------------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------------------------

export interface PlanBackup {
  id: string;
  status: string;
  timeline: number;
  startLsn: bigint;
  stopLsn: bigint;
  stopTime: Date;
  storedBytes: number;
  databaseBytes: number;
}

export interface PlanRestorePoint {
  name: string;
  lsn: bigint;
  timeline: number;
  createdAt: Date;
}

export interface PlanRestoreInput {
  target: RestoreTarget;
  picture: RecoveryPicture;
  backups: PlanBackup[];
  restorePoints: PlanRestorePoint[];
  now: Date;
  chosenBackupId?: string | null;
  /** Where the xid's commit record lies, when something decoded the WAL to find it. */
  xidHint?: { lsn: bigint } | null;
  segmentSize: number;
  /** Timeline histories: make backup and restore-point timeline checks exact. */
  histories?: TimelineHistory[];
  /** Archived segments with commit times: tighten targetLsn for time targets. */
  segments?: SegmentInfo[];
}

export interface RecoverableMoment {
  time: Date;
  lsn: bigint;
}

export type RestorePlanErrorCode =
  | "outside_window"
  | "in_gap"
  | "before_first_backup"
  | "in_future"
  | "unknown_restore_point"
  | "backup_unusable"
  | "backup_after_target"
  | "no_window"
  | "timeline_mismatch";

export interface RestorePlanError {
  code: RestorePlanErrorCode;
  message: string;
  /**
   * Closest recoverable moments around the target: the edges of the windows before and after it.
   * For a target inside a window (backup or timeline errors), that window's start and end; for an
   * "immediate" target, the ends of the usable backups just before and after the one named.
   */
  nearest: { before: RecoverableMoment | null; after: RecoverableMoment | null };
}

export interface RestorePlan {
  backupId: string;
  reason: string;
  /** recovery_target_timeline. */
  timeline: number;
  /** Where replay ends (an upper bound for time targets); null when it cannot be placed (xid without hint). */
  targetLsn: bigint | null;
  /** targetLsn - the backup's stop LSN, at least 0 (the window's end for an unplaced xid). */
  walBytesToReplay: bigint;
  recovery: { target: RestoreTargetKind; value: string | null; inclusive: boolean | null };
}

export type PlanRestoreResult = { ok: true; plan: RestorePlan } | { ok: false; error: RestorePlanError };

interface Ctx {
  input: PlanRestoreInput;
  windows: RecoverableWindow[];
  byId: Map<string, PlanBackup>;
  unusable: Map<string, string>;
}

/** How one target is placed against windows: `key` orders moments, `at` is the target on that order. */
interface Locator {
  label: string;
  at: bigint;
  key: (m: RecoverableMoment) => bigint;
  show: (m: RecoverableMoment) => string;
  fits?: (w: RecoverableWindow) => boolean;
}

type Finish = (w: RecoverableWindow, backup: PlanBackup, chosen: boolean) => RestorePlan;

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

function context(input: PlanRestoreInput): Ctx {
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

const timeKey = (m: RecoverableMoment) => BigInt(m.time.getTime());
const lsnKey = (m: RecoverableMoment) => m.lsn;
const showTime = (m: RecoverableMoment) => iso(m.time);
const showLsn = (m: RecoverableMoment) => `LSN ${formatLsn(m.lsn)} (${iso(m.time)})`;

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
    const listed = names.slice(0, 5).map((n) => JSON.stringify(n)).join(", ");
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

function exactPlan(
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
function planAt(ctx: Ctx, loc: Locator, finish: Finish): PlanRestoreResult {
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

/** Only restore points carry a timeline of their own, so only they can land on the wrong one. */
function timelineMismatch(loc: Locator, window: RecoverableWindow): PlanRestoreResult {
  return fail(
    "timeline_mismatch",
    `${capitalize(loc.label)} is not on the WAL that can be recovered: at that LSN recovery follows timeline ${window.timeline}. Recover to a time or an LSN instead, or put the WAL of the restore point's timeline into the archive.`,
    edges(window),
  );
}

/** The target is in no window: say where it falls and what the nearest recoverable moments are. */
function outside(ctx: Ctx, loc: Locator): PlanRestoreResult {
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
function nearestBackupEnds(ctx: Ctx, backup: PlanBackup): RestorePlanError["nearest"] {
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
function gapAfter(ctx: Ctx, before: RecoverableWindow, after: RecoverableWindow | null): TimelineGap | null {
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

function describeGap(gap: TimelineGap | null, lead: string): string {
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

function noWindow(ctx: Ctx): PlanRestoreResult {
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

/** Why a backup cannot start a restore at all, or null. */
function backupProblem(ctx: Ctx, id: string): string | null {
  const backup = ctx.byId.get(id);
  if (!backup) return `There is no backup ${id} in this cluster.`;
  if (backup.status !== "complete") return `Backup ${id} is not complete (status: ${backup.status}).`;
  const reason = ctx.unusable.get(id);
  if (reason) return `Backup ${id} cannot be restored: ${reason}.`;
  return null;
}

function notInWindow(backup: PlanBackup): string {
  return `Backup ${backup.id} cannot be restored: no recoverable window holds its end (${iso(backup.stopTime)}, LSN ${formatLsn(backup.stopLsn)}). Choose another backup.`;
}

/** A backup can start recovery in `w`: complete, usable, its end inside `w`, on a timeline `w` recovers along. */
function usableIn(ctx: Ctx, w: RecoverableWindow, backup: PlanBackup): boolean {
  if (backup.id === w.fromBackupId) return true;
  if (backup.status !== "complete" || ctx.unusable.has(backup.id) || backup.stopLsn < backup.startLsn) return false;
  if (backup.stopLsn < w.from.lsn || backup.stopLsn > w.to.lsn) return false;
  return timelineFits(ctx, w, backup.timeline, backup.stopLsn);
}

/** WAL of `timeline` up to `lsn` is on the path recovery into `w` follows. */
function timelineFits(ctx: Ctx, w: RecoverableWindow, timeline: number, lsn: bigint): boolean {
  if (timeline === w.timeline) return true;
  const { histories } = ctx.input;
  if (histories) {
    const history = histories.find((h) => h.timeline === w.timeline);
    return history?.parents.some((p) => p.timeline === timeline && lsn <= p.switchLsn) ?? false;
  }
  return ctx.byId.get(w.fromBackupId)?.timeline === timeline;
}

function candidatesIn(ctx: Ctx, w: RecoverableWindow): PlanBackup[] {
  return [...ctx.byId.values()].filter((b) => usableIn(ctx, w, b));
}

function newestOf(backups: PlanBackup[]): PlanBackup | null {
  let newest: PlanBackup | null = null;
  for (const b of backups) {
    if (!newest || b.stopLsn > newest.stopLsn || (b.stopLsn === newest.stopLsn && b.stopTime > newest.stopTime)) newest = b;
  }
  return newest;
}

function endsBy(loc: Locator, backup: PlanBackup): boolean {
  return loc.key({ time: backup.stopTime, lsn: backup.stopLsn }) <= loc.at;
}

function inside(loc: Locator, w: RecoverableWindow): boolean {
  return loc.key(w.from) <= loc.at && loc.at <= loc.key(w.to);
}

/** Highest timeline first (what recovery_target_timeline = 'latest' follows), then the longest reach. */
function preferred(a: RecoverableWindow, b: RecoverableWindow): number {
  return b.timeline - a.timeline || cmp(b.to.lsn, a.to.lsn);
}

function latestFirst(windows: RecoverableWindow[]): RecoverableWindow[] {
  return [...windows].sort((a, b) => b.to.time.getTime() - a.to.time.getTime() || b.timeline - a.timeline || cmp(b.to.lsn, a.to.lsn));
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

function edges(w: RecoverableWindow): RestorePlanError["nearest"] {
  return { before: moment(w.from), after: moment(w.to) };
}

function moment(m: RecoverableMoment): RecoverableMoment {
  return { time: m.time, lsn: m.lsn };
}

function walAmount(bytes: bigint): string {
  return bytes === 0n ? "no WAL" : `${formatSize(Number(bytes))} of WAL`;
}

function nonNegative(value: bigint): bigint {
  return value < 0n ? 0n : value;
}

function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function ok(plan: RestorePlan): PlanRestoreResult {
  return { ok: true, plan };
}

function fail(code: RestorePlanErrorCode, message: string, nearest: RestorePlanError["nearest"]): PlanRestoreResult {
  return { ok: false, error: { code, message, nearest } };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** ISO 8601 in UTC, without milliseconds when there are none. */
function iso(date: Date): string {
  return date.toISOString().replace(".000Z", "Z");
}
