/**
 * Timeline history files (`00000003.history`): each line says a parent timeline ended at a switch
 * LSN, oldest first. The file of timeline N lists its whole ancestry, so one file is enough to
 * tell which timeline an LSN belongs to when recovering into N.
 */
import { formatLsn, parseLsn } from "./lsn";
import { assertTimeline } from "./wal-segment";

export interface TimelineSwitch {
  /** The parent timeline that ended. */
  timeline: number;
  /** First LSN that belongs to the next timeline on the path. */
  switchLsn: bigint;
  reason: string;
}

export interface TimelineHistory {
  timeline: number;
  parents: TimelineSwitch[];
}

/** One timeline's stretch of WAL on a history: [begin, end), `end` null for the last one. */
export interface TimelineSpan {
  timeline: number;
  begin: bigint;
  end: bigint | null;
}

// Like PostgreSQL's sscanf("%u\t%X/%X"), any whitespace separates the fields; the reason is free text.
const ENTRY = /^(\d+)\s+([0-9A-Fa-f]{1,8}\/[0-9A-Fa-f]{1,8})(?:\s+(.*))?$/;

/** `timeline` comes from the file name: the contents never state it. */
export function parseTimelineHistory(timeline: number, text: string): TimelineHistory {
  assertTimeline(timeline);
  const parents: TimelineSwitch[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const where = `timeline ${timeline} history, line ${index + 1}`;
    const match = ENTRY.exec(line);
    if (!match) {
      throw new Error(`${where}: expected "<parent timeline>\\t<switch LSN>\\t<reason>", got ${JSON.stringify(raw)}`);
    }
    const [, tliText = "", lsnText = "", reason = ""] = match;
    const parent = Number(tliText);
    if (!Number.isSafeInteger(parent) || parent < 1 || parent >= timeline) {
      throw new Error(`${where}: parent timeline ${tliText} must be from 1 to ${timeline - 1}`);
    }
    const previous = parents.at(-1);
    if (previous && parent <= previous.timeline) {
      throw new Error(`${where}: timeline ${parent} does not follow timeline ${previous.timeline} (must increase)`);
    }
    const switchLsn = parseLsn(lsnText);
    if (previous && switchLsn < previous.switchLsn) {
      throw new Error(`${where}: switch point ${formatLsn(switchLsn)} is before the previous one, ${formatLsn(previous.switchLsn)}`);
    }
    parents.push({ timeline: parent, switchLsn, reason: reason.trim() });
  });
  return { timeline, parents };
}

/** The timelines recovery into `history.timeline` passes through, oldest first (PostgreSQL's expectedTLEs). */
export function timelinePath(history: TimelineHistory): TimelineSpan[] {
  const spans: TimelineSpan[] = [];
  let begin = 0n;
  for (const parent of history.parents) {
    spans.push({ timeline: parent.timeline, begin, end: parent.switchLsn });
    begin = parent.switchLsn;
  }
  spans.push({ timeline: history.timeline, begin, end: null });
  return spans;
}

/** A switch LSN itself already belongs to the child, as in PostgreSQL's tliOfPointInHistory. */
export function timelineOfLsnOnPath(history: TimelineHistory, lsn: bigint): number {
  for (const parent of history.parents) {
    if (lsn < parent.switchLsn) return parent.timeline;
  }
  return history.timeline;
}

/** Whether `timeline` is on the history; the timeline itself counts, as in `git merge-base --is-ancestor`. */
export function isAncestor(history: TimelineHistory, timeline: number): boolean {
  return timeline === history.timeline || history.parents.some((p) => p.timeline === timeline);
}

/**
 * The LSN where `timeline` ended on this history; null for the history's own timeline, which has
 * not ended. Throws for a timeline that is not on the history: there is no answer to give.
 */
export function switchPointOf(history: TimelineHistory, timeline: number): bigint | null {
  if (timeline === history.timeline) return null;
  const parent = history.parents.find((p) => p.timeline === timeline);
  if (!parent) {
    throw new Error(`Timeline ${timeline} is not an ancestor of timeline ${history.timeline}`);
  }
  return parent.switchLsn;
}
