/**
 * The WAL archive as the repository holds it, file by file, against the catalog's record of what
 * was pushed; then the chain of segments each backup needs (archive-verification-chain.ts).
 * Each file gets at most one finding, its worst problem: a damaged segment is not also reported
 * as unknown or as a gap.
 */
import { sizeProblem, type FileDigest, type VerificationFinding } from "./archive-verification";
import { chainGaps, type ChainBackup, type ChainGap } from "./archive-verification-chain";
import { parseTimelineHistory, type TimelineHistory } from "./timeline-history";
import { walRanges, type SegmentRef } from "./wal-ranges";
import {
  historyFileName,
  isBackupHistoryName,
  isHistoryFileName,
  isPartialName,
  isSegmentName,
  parseHistoryFileName,
  parseSegmentName,
  segmentName,
} from "./wal-segment";

export interface WalObject {
  key: string;
  /** The WAL file the key stands for (segment, .partial, .backup or .history); null when the key is no place Wayback archives to. */
  name: string | null;
  /** A compression suffix on a segment's key. */
  compression: string | null;
  size: number;
  sha256: string;
  /** Uncompressed segments and .partial files: why the first page header does not fit the name; null when it does. */
  headerProblem: string | null;
  /** From the first page header, when it could be read. */
  systemIdentifier: string | null;
  /** History files: their contents. */
  text: string | null;
}

export interface WalArchiveInput {
  objects: readonly WalObject[];
  /** What was pushed: segments by name, history files by timeline. */
  catalog: { segments: ReadonlyMap<string, FileDigest>; histories: ReadonlyMap<number, FileDigest> };
  /** The cluster's database system identifier, when known. */
  systemIdentifier: string | null;
  backups: readonly ChainBackup[];
  segmentSize: number;
  /** The repository key of a WAL file name (segment or history file). */
  keyOf: (name: string) => string;
}

/** One contiguous run of archived segments on a timeline, and how many findings concern its files. */
export interface WalRangeResult {
  timeline: number;
  first: string;
  last: string;
  files: number;
  bytes: number;
  findings: number;
}

export function verifyWalArchive(input: WalArchiveInput): { findings: VerificationFinding[]; ranges: WalRangeResult[] } {
  const { catalog, keyOf, segmentSize } = input;
  const findings: VerificationFinding[] = [];
  const reported = new Set<string>();
  const add = (path: string, kind: VerificationFinding["kind"], message: string) => {
    if (reported.has(path)) return;
    reported.add(path);
    findings.push({ scope: "wal", backupId: null, path, kind, message });
  };

  const segments = new Map<string, { ref: SegmentRef; copies: WalObject[] }>();
  const histories: TimelineHistory[] = [];
  for (const o of input.objects) {
    const ref = o.name && isSegmentName(o.name) ? segmentRef(o.name, segmentSize) : null;
    if (ref) {
      const entry = segments.get(o.name!) ?? { ref, copies: [] };
      entry.copies.push(o);
      segments.set(o.name!, entry);
    } else if (o.name && isHistoryFileName(o.name)) {
      const history = checkHistory(o, o.name, catalog.histories, add);
      if (history) histories.push(history);
    } else if (o.name && isPartialName(o.name) && o.compression === null) {
      const problem = segmentProblem(o, input);
      if (problem) add(o.key, problem.kind, problem.message);
    } else if (o.name && isBackupHistoryName(o.name) && o.compression === null) {
      if (o.size === 0) add(o.key, "empty", "size 0: a backup history file holds the backup's start and stop positions");
    } else {
      add(o.key, "unknown", "not a file Wayback archives here (WAL segments, .partial, .backup and .history files, each in its place)");
    }
  }

  for (const [name, { copies }] of segments) checkSegment(name, copies, input, add);
  for (const timeline of catalog.histories.keys()) {
    const name = historyFileName(timeline);
    if (!input.objects.some((o) => o.name === name))
      add(keyOf(name), "missing", "missing from the repository; the catalog recorded it at push");
  }
  for (const timeline of new Set([...segments.values()].map((s) => s.ref.timeline))) {
    if (timeline > 1 && !histories.some((h) => h.timeline === timeline)) {
      add(
        keyOf(historyFileName(timeline)),
        "history",
        `no readable history file for timeline ${timeline}, which has WAL in the archive: recovery cannot follow it there`,
      );
    }
  }

  const refs = [...segments.values()].map((s) => s.ref);
  const gaps = chainGaps({ backups: input.backups, segments: refs, histories, segmentSize });
  const unarchived = [...catalog.segments.keys()].filter((name) => !segments.get(name)?.copies.some((c) => c.compression === null));
  for (const gap of gaps) {
    const first = gap.stretches[0]!;
    add(
      keyOf(segmentName(first.timeline, first.first, segmentSize)),
      "gap",
      gapMessage(gap, unarchived.filter((n) => inGap(gap, n, segmentSize)).length, segmentSize),
    );
  }
  for (const name of unarchived) {
    if (!gaps.some((g) => inGap(g, name, segmentSize)))
      add(keyOf(name), "missing", "missing from the repository; the catalog recorded it at push");
  }
  return { findings, ranges: rangeResults(segments, findings, segmentSize) };
}

type Add = (path: string, kind: VerificationFinding["kind"], message: string) => void;

function checkSegment(name: string, copies: WalObject[], input: WalArchiveInput, add: Add): void {
  // The uncompressed copy is the one Wayback writes; any other copy must hold the same bytes.
  const [primary, ...others] = [...copies].sort(
    (a, b) => Number(a.compression !== null) - Number(b.compression !== null) || (a.key < b.key ? -1 : 1),
  );
  if (!primary) return;
  for (const other of others) {
    if (other.sha256 !== primary.sha256)
      add(other.key, "duplicate", `another copy of ${name}, stored as ${primary.key}, has different contents`);
  }
  if (primary.compression !== null) {
    add(
      primary.key,
      "unknown",
      `stored compressed (${primary.compression}), which Wayback does not write: not in the catalog, and not checked`,
    );
    return;
  }
  const problem = segmentProblem(primary, input);
  if (problem) return add(primary.key, problem.kind, problem.message);
  const recorded = input.catalog.segments.get(name);
  if (!recorded) add(primary.key, "unknown", "not in the catalog: archived behind Wayback's back, or its catalog row was lost");
  else if (recorded.sha256 !== primary.sha256) {
    add(primary.key, "checksum", `sha256 differs from the one recorded at push (read ${primary.sha256}, recorded ${recorded.sha256})`);
  }
}

/** Size, then page header, then system: what makes a segment (or .partial) file unusable. */
function segmentProblem(o: WalObject, input: WalArchiveInput): { kind: VerificationFinding["kind"]; message: string } | null {
  const size = sizeProblem(o.size, input.segmentSize);
  if (size) return size;
  if (o.headerProblem) return { kind: "header", message: o.headerProblem };
  if (o.systemIdentifier && input.systemIdentifier && o.systemIdentifier !== input.systemIdentifier) {
    return {
      kind: "foreign",
      message: `written by database system ${o.systemIdentifier}; this cluster is system ${input.systemIdentifier}`,
    };
  }
  return null;
}

function checkHistory(o: WalObject, name: string, recorded: ReadonlyMap<number, FileDigest>, add: Add): TimelineHistory | null {
  const timeline = parseHistoryFileName(name);
  if (o.size === 0) {
    add(o.key, "empty", "size 0: a history file lists the switch points of its timeline's ancestors");
    return null;
  }
  let history: TimelineHistory | null = null;
  try {
    history = parseTimelineHistory(timeline, o.text ?? "");
  } catch (err) {
    add(o.key, "history", `cannot be read: ${(err as Error).message}`);
  }
  const row = recorded.get(timeline);
  if (!row) add(o.key, "unknown", "not in the catalog: archived behind Wayback's back, or its catalog row was lost");
  else if (row.sha256 !== o.sha256)
    add(o.key, "checksum", `sha256 differs from the one recorded at push (read ${o.sha256}, recorded ${row.sha256})`);
  return history;
}

function segmentRef(name: string, segmentSize: number): SegmentRef | null {
  try {
    return parseSegmentName(name, segmentSize);
  } catch {
    return null; // a segment part out of range for this segment size: not a segment Wayback archives
  }
}

function inGap(gap: ChainGap, name: string, segmentSize: number): boolean {
  const ref = segmentRef(name, segmentSize);
  return ref !== null && gap.stretches.some((s) => s.timeline === ref.timeline && s.first <= ref.segno && ref.segno <= s.last);
}

function gapMessage(gap: ChainGap, recorded: number, segmentSize: number): string {
  const first = gap.stretches[0]!;
  const last = gap.stretches.at(-1)!;
  const firstName = segmentName(first.timeline, first.first, segmentSize);
  const what =
    gap.count === 1n
      ? `segment ${firstName}`
      : `segments ${firstName} to ${segmentName(last.timeline, last.last, segmentSize)} (${gap.count})`;
  const afterName = segmentName(gap.after.timeline, gap.after.segno, segmentSize);
  const timelines = [
    ...new Set([gap.before?.timeline, ...gap.stretches.map((s) => s.timeline), gap.after.timeline].filter((t) => t !== undefined)),
  ];
  const on =
    timelines.length === 1 ? `on timeline ${timelines[0]}` : `on timelines ${timelines.slice(0, -1).join(", ")} and ${timelines.at(-1)}`;
  const where = gap.before
    ? `missing between ${segmentName(gap.before.timeline, gap.before.segno, segmentSize)} and ${afterName} ${on}`
    : `missing before ${afterName} ${on}: backup ${gap.neededBy?.label} needs ${gap.count === 1n ? "it" : "them"} to be rolled forward`;
  const removed =
    recorded === 0
      ? ""
      : gap.count === 1n
        ? "; the catalog recorded it at push, so it was removed from the repository"
        : `; the catalog recorded ${recorded} of them at push, so they were removed from the repository`;
  return `${what} ${where}${removed}`;
}

function rangeResults(
  segments: Map<string, { ref: SegmentRef; copies: WalObject[] }>,
  findings: VerificationFinding[],
  segmentSize: number,
): WalRangeResult[] {
  const reported = new Set(findings.map((f) => f.path));
  const copiesAt = new Map([...segments.values()].map((e) => [`${e.ref.timeline}:${e.ref.segno}`, e.copies]));
  return walRanges(
    [...segments.values()].map((e) => e.ref),
    segmentSize,
  ).flatMap(({ timeline, ranges }) =>
    ranges.map((range) => {
      const copies: WalObject[] = [];
      for (let segno = range.first; segno <= range.last; segno++) copies.push(...(copiesAt.get(`${timeline}:${segno}`) ?? []));
      return {
        timeline,
        first: segmentName(timeline, range.first, segmentSize),
        last: segmentName(timeline, range.last, segmentSize),
        files: copies.length,
        bytes: copies.reduce((n, o) => n + o.size, 0),
        findings: copies.filter((o) => reported.has(o.key)).length,
      };
    }),
  );
}
