/**
 * What can be restored, and up to when. The dashboard timeline and restore validation both call
 * recoveryPicture(), so they can never disagree.
 *
 * Rules:
 * - Only complete backups count. A backup needs every segment from the one holding its start LSN
 *   through the one holding its last WAL byte (stop LSN - 1: what pg_backup_stop waits to archive).
 * - Along a timeline's history, a segment number is read from the newest timeline that had begun by
 *   that segment (PostgreSQL's XLogFileReadAnyTLI): the child's copy from the switch segment on.
 * - From a usable backup, replay runs forward while the next segment exists; the window ends at the
 *   end of the last contiguous segment. It continues into a child timeline whose history branches
 *   from the backup's timeline at or after the backup's stop (recovery_target_timeline = 'latest').
 * - A window is labelled with the timeline it ends on. Windows on one timeline that overlap or touch
 *   merge, keeping the oldest backup; a window lying wholly before a switch, inside a child's window,
 *   is dropped as a prefix of it.
 * - to.time is the latest commit in the window's WAL, never before the backup's stop time.
 * - A backup that carries its own WAL (pg_basebackup -X stream: pg_wal.tar) needs nothing from the
 *   archive to reach consistency; it is always recoverable to its end, and replay past its end
 *   continues while the archive holds the segment with its stop LSN and those after it.
 * - The streaming receiver's partial segment (the one still being received) extends a window that
 *   reaches its first byte, on its timeline, to the WAL received so far: restore_command hands it
 *   over when the complete segment is not archived. Such a window's end says `partial`.
 */
import { formatLsn } from "./lsn";
import { timelinePath, type TimelineHistory, type TimelineSpan } from "./timeline-history";
import { compareBigint, walRanges, type WalGap } from "./wal-ranges";
import { assertSegmentSize, segmentEndLsn, segmentName, segmentOfLsn, segmentStartLsn } from "./wal-segment";

export interface BackupPoint {
  id: string;
  status: "complete" | "running" | "failed" | (string & {});
  timeline: number;
  startLsn: bigint;
  stopLsn: bigint;
  stopTime: Date;
  /** The backup holds the WAL from its start to its stop (tar backups taken with -X stream). */
  carriesWal?: boolean;
}

export interface SegmentInfo {
  timeline: number;
  segno: bigint;
  firstCommitAt: Date | null;
  lastCommitAt: Date | null;
}

/** The newest partial segment the receiver uploaded (lib/wal/upload-partial.ts). */
export interface PartialSegmentInfo {
  timeline: number;
  segno: bigint;
  /** Where the WAL received so far ends. */
  endLsn: bigint;
  lastCommitAt: Date | null;
}

export interface RecoveryInputs {
  backups: BackupPoint[];
  segments: SegmentInfo[];
  histories: TimelineHistory[];
  segmentSize: number;
  partial?: PartialSegmentInfo | null;
}

export interface RecoverableWindow {
  /** The timeline the window ends on: the one to recover into. */
  timeline: number;
  fromBackupId: string;
  /** End of the oldest usable backup. */
  from: { lsn: bigint; time: Date };
  /**
   * End of the last contiguous segment; the last commit in it, or the backup's stop time. With
   * `partial`: the end of the WAL received so far in the partial segment, and its last commit.
   */
  to: { lsn: bigint; time: Date; partial?: true };
}

export interface TimelineGap extends WalGap {
  timeline: number;
}

export interface UnusableBackup {
  id: string;
  reason: string;
}

export interface RecoveryPicture {
  windows: RecoverableWindow[];
  latestRecoverableTime: Date | null;
  gaps: TimelineGap[];
  unusableBackups: UnusableBackup[];
}

interface PathSegment {
  segno: bigint;
  timeline: number;
  lastCommitAt: Date | null;
}

/** Contiguous segments along one history; latestFrom[i] = latest commit in segments[i..]. */
interface Run {
  first: bigint;
  segments: PathSegment[];
  latestFrom: (Date | null)[];
}

export function recoveryPicture(inputs: RecoveryInputs): RecoveryPicture {
  const { backups, segments, histories, segmentSize } = inputs;
  assertSegmentSize(segmentSize);
  const archive = indexArchive(segments);
  const historyOf = (timeline: number): TimelineHistory => histories.find((h) => h.timeline === timeline) ?? { timeline, parents: [] };
  const timelines = new Set([...archive.keys(), ...histories.map((h) => h.timeline), ...backups.map((b) => b.timeline)]);
  const runsByTarget = new Map<number, Run[]>();
  const runsInto = (target: number): Run[] => {
    let runs = runsByTarget.get(target);
    if (!runs) {
      runs = runsAlong(timelinePath(historyOf(target)), archive, segmentSize);
      runsByTarget.set(target, runs);
    }
    return runs;
  };

  const candidates: RecoverableWindow[] = [];
  const unusableBackups: UnusableBackup[] = [];
  for (const backup of backups) {
    if (backup.status !== "complete") {
      unusableBackups.push({ id: backup.id, reason: `not complete (status: ${backup.status})` });
      continue;
    }
    if (backup.stopLsn < backup.startLsn) {
      const reason = `stop LSN ${formatLsn(backup.stopLsn)} is before start LSN ${formatLsn(backup.startLsn)}`;
      unusableBackups.push({ id: backup.id, reason });
      continue;
    }
    const found = [...timelines]
      .filter((target) => canRecoverInto(backup, historyOf(target)))
      .map((target) => windowFrom(backup, target, runsInto(target), segmentSize))
      .filter((w): w is RecoverableWindow => w !== null);
    if (found.length > 0) candidates.push(...found);
    else unusableBackups.push({ id: backup.id, reason: missingWalReason(backup, historyOf, runsInto, segmentSize) });
  }

  const windows = mergeWindows(candidates, historyOf).map((w) => throughPartial(w, inputs.partial ?? null, segmentSize));
  return {
    windows,
    latestRecoverableTime: windows.reduce<Date | null>((latest, w) => laterOf(latest, w.to.time), null),
    gaps: walRanges(segments, segmentSize).flatMap((t) => t.gaps.map((gap) => ({ timeline: t.timeline, ...gap }))),
    unusableBackups,
  };
}

/** The window continued through the partial segment when it reaches the partial's first byte. */
function throughPartial(w: RecoverableWindow, partial: PartialSegmentInfo | null, segSize: number): RecoverableWindow {
  if (!partial || partial.timeline !== w.timeline) return w;
  const start = segmentStartLsn(partial.segno, segSize);
  if (w.to.lsn < start || w.to.lsn >= partial.endLsn) return w;
  return { ...w, to: { lsn: partial.endLsn, time: laterOf(w.to.time, partial.lastCommitAt) ?? w.to.time, partial: true } };
}

/** A backup on an ancestor serves a child only if it ended before the child branched off. */
function canRecoverInto(backup: BackupPoint, target: TimelineHistory): boolean {
  if (target.timeline === backup.timeline) return true;
  return target.parents.some((p) => p.timeline === backup.timeline && backup.stopLsn <= p.switchLsn);
}

function windowFrom(backup: BackupPoint, target: number, runs: Run[], segSize: number): RecoverableWindow | null {
  if (backup.carriesWal) return windowFromSelfContained(backup, target, runs, segSize);
  const { first: startSeg, last: stopSeg } = backupSegments(backup, segSize);
  const run = runs.find((r) => r.first <= startSeg && startSeg <= lastOf(r).segno);
  if (!run || lastOf(run).segno < stopSeg) return null;
  const end = lastOf(run);
  return {
    timeline: end.timeline,
    fromBackupId: backup.id,
    from: { lsn: backup.stopLsn, time: backup.stopTime },
    to: {
      lsn: segmentEndLsn(end.segno, segSize),
      time: laterOf(run.latestFrom[Number(startSeg - run.first)] ?? null, backup.stopTime) ?? backup.stopTime,
    },
  };
}

function windowFromSelfContained(backup: BackupPoint, target: number, runs: Run[], segSize: number): RecoverableWindow | null {
  const end = { lsn: backup.stopLsn, time: backup.stopTime };
  const next = segmentOfLsn(backup.stopLsn, segSize);
  const run = runs.find((r) => r.first <= next && next <= lastOf(r).segno);
  if (!run) return target === backup.timeline ? { timeline: backup.timeline, fromBackupId: backup.id, from: end, to: { ...end } } : null;
  const last = lastOf(run);
  return {
    timeline: last.timeline,
    fromBackupId: backup.id,
    from: end,
    to: {
      lsn: segmentEndLsn(last.segno, segSize),
      time: laterOf(run.latestFrom[Number(next - run.first)] ?? null, backup.stopTime) ?? backup.stopTime,
    },
  };
}

function backupSegments(backup: BackupPoint, segSize: number): { first: bigint; last: bigint } {
  const first = segmentOfLsn(backup.startLsn, segSize);
  const lastByte = backup.stopLsn > backup.startLsn ? backup.stopLsn - 1n : backup.startLsn;
  return { first, last: segmentOfLsn(lastByte, segSize) };
}

/** Explains the failure on the backup's own timeline, where an operator would look first. */
function missingWalReason(
  backup: BackupPoint,
  historyOf: (timeline: number) => TimelineHistory,
  runsInto: (target: number) => Run[],
  segSize: number,
): string {
  const { first, last } = backupSegments(backup, segSize);
  const spans = timelinePath(historyOf(backup.timeline));
  const present = new Set(runsInto(backup.timeline).flatMap((r) => r.segments.map((s) => s.segno)));
  const nameOf = (segno: bigint) => segmentName(timelineOfSegment(spans, segno, segSize), segno, segSize);
  let firstMissing: { from: bigint; to: bigint } | null = null;
  let otherMissing = 0n;
  for (let segno = first; segno <= last; segno++) {
    if (present.has(segno)) continue;
    if (!firstMissing) firstMissing = { from: segno, to: segno };
    else if (firstMissing.to === segno - 1n && otherMissing === 0n) firstMissing.to = segno;
    else otherMissing++;
  }
  if (!firstMissing) return "its WAL is not on any timeline it can be recovered into";
  const what =
    firstMissing.from === firstMissing.to
      ? `WAL segment ${nameOf(firstMissing.from)} is missing`
      : `WAL from ${nameOf(firstMissing.from)} to ${nameOf(firstMissing.to)} is missing`;
  return otherMissing === 0n ? what : `${what}, and ${otherMissing} more segment${otherMissing === 1n ? "" : "s"} before the backup's end`;
}

function timelineOfSegment(spans: TimelineSpan[], segno: bigint, segSize: number): number {
  let timeline = spans[0]?.timeline ?? 1;
  for (const span of spans) {
    if (segmentOfLsn(span.begin, segSize) <= segno) timeline = span.timeline;
  }
  return timeline;
}

function indexArchive(segments: readonly SegmentInfo[]): Map<number, Map<bigint, Date | null>> {
  const archive = new Map<number, Map<bigint, Date | null>>();
  for (const { timeline, segno, lastCommitAt } of segments) {
    const onTimeline = archive.get(timeline) ?? new Map<bigint, Date | null>();
    onTimeline.set(segno, laterOf(onTimeline.get(segno) ?? null, lastCommitAt));
    archive.set(timeline, onTimeline);
  }
  return archive;
}

/** Each span supplies the segments from its begin segment up to (not including) the next span's. */
function runsAlong(spans: TimelineSpan[], archive: Map<number, Map<bigint, Date | null>>, segSize: number): Run[] {
  const along: PathSegment[] = [];
  spans.forEach((span, i) => {
    const from = segmentOfLsn(span.begin, segSize);
    const next = spans[i + 1];
    const until = next ? segmentOfLsn(next.begin, segSize) : null;
    for (const [segno, lastCommitAt] of archive.get(span.timeline) ?? []) {
      if (segno >= from && (until === null || segno < until)) along.push({ segno, timeline: span.timeline, lastCommitAt });
    }
  });
  along.sort((a, b) => compareBigint(a.segno, b.segno));

  const runs: Run[] = [];
  for (const segment of along) {
    const run = runs.at(-1);
    if (run && lastOf(run).segno + 1n === segment.segno) run.segments.push(segment);
    else runs.push({ first: segment.segno, segments: [segment], latestFrom: [] });
  }
  for (const run of runs) {
    let latest: Date | null = null;
    for (let i = run.segments.length - 1; i >= 0; i--) {
      latest = laterOf(latest, run.segments[i]?.lastCommitAt ?? null);
      run.latestFrom[i] = latest;
    }
  }
  return runs;
}

function mergeWindows(candidates: RecoverableWindow[], historyOf: (timeline: number) => TimelineHistory): RecoverableWindow[] {
  const sorted = [...candidates].sort(
    (a, b) => a.timeline - b.timeline || compareBigint(a.from.lsn, b.from.lsn) || compareBigint(b.to.lsn, a.to.lsn),
  );
  const merged: RecoverableWindow[] = [];
  for (const window of sorted) {
    const current = merged.at(-1);
    if (current && current.timeline === window.timeline && window.from.lsn <= current.to.lsn) {
      current.to = {
        lsn: window.to.lsn > current.to.lsn ? window.to.lsn : current.to.lsn,
        time: laterOf(current.to.time, window.to.time) ?? current.to.time,
      };
    } else {
      merged.push({ ...window, from: { ...window.from }, to: { ...window.to } });
    }
  }
  return merged
    .filter((w) => !merged.some((child) => isPrefixOf(w, child, historyOf(child.timeline))))
    .sort((a, b) => compareBigint(a.from.lsn, b.from.lsn) || a.timeline - b.timeline);
}

/** `w` adds nothing when it ends before its timeline's switch into `child` and `child` covers it. */
function isPrefixOf(w: RecoverableWindow, child: RecoverableWindow, childHistory: TimelineHistory): boolean {
  const switchLsn = childHistory.parents.find((p) => p.timeline === w.timeline)?.switchLsn;
  return switchLsn !== undefined && w.to.lsn <= switchLsn && child.from.lsn <= w.from.lsn;
}

function lastOf(run: Run): PathSegment {
  return run.segments[run.segments.length - 1] as PathSegment;
}

function laterOf(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return b.getTime() > a.getTime() ? b : a;
}

/** What one repository holds of the cluster's archive: backup ids, and WAL segments by segmentKey (null: all of them). */
export interface RepositoryHoldings {
  backupIds: ReadonlySet<string>;
  segments: ReadonlySet<string> | null;
}

export const segmentKey = (s: { timeline: number; segno: bigint }) => `${s.timeline}/${s.segno}`;

/**
 * The recovery picture as one repository alone can serve it: only the backups and the WAL it holds
 * count, so a copy that lags ends earlier and a segment it lacks is a gap in its picture.
 */
export function recoveryPictureIn(inputs: RecoveryInputs, holdings: RepositoryHoldings): RecoveryPicture {
  const { backupIds, segments } = holdings;
  return recoveryPicture({
    ...inputs,
    backups: inputs.backups.filter((b) => backupIds.has(b.id)),
    segments: segments === null ? inputs.segments : inputs.segments.filter((s) => segments.has(segmentKey(s))),
    // The receiver uploads its partial segment to the primary repository only.
    partial: segments === null ? inputs.partial : null,
  });
}
