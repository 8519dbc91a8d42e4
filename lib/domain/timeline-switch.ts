/**
 * Where the timeline picture marks a failover (issue 19): the moment timeline N branched off its
 * parent, from the history file Wayback archived and the WAL index around the switch point.
 *
 * History files hold no time, so the moment is bounded by what the catalog knows: the switch
 * happened after the parent's last commit before the switch segment (`notBefore`) and no later
 * than the first commit on the new timeline or the history file's arrival in the archive,
 * whichever came first (`at`, where the mark is drawn). `at` is null when neither is known yet.
 * The switch segment itself bounds nothing: on the parent it may hold commits past the switch (WAL
 * the new timeline lacks), on the new timeline it begins with a copy of the parent's pages.
 */
import type { TimelineHistory } from "./timeline-history";
import { DEFAULT_WAL_SEGMENT_SIZE, segmentOfLsn } from "./wal-segment";

export interface SwitchMoment {
  /** The new timeline. */
  timeline: number;
  /** The timeline it branched off. */
  parent: number;
  /** First LSN of the new timeline. */
  switchLsn: bigint;
  /** Where the mark goes: the earliest moment known to be on the new timeline. */
  at: Date | null;
  /** The parent's last commit known to come before the switch. */
  notBefore: Date | null;
}

export interface SwitchInputs {
  histories: readonly { history: TimelineHistory; archivedAt: Date | null }[];
  segments: readonly { timeline: number; segno: bigint; firstCommitAt: Date | null; lastCommitAt: Date | null }[];
  segmentSize?: number;
}

/** One moment per timeline that has a parent, in timeline order. */
export function switchMoments(inputs: SwitchInputs): SwitchMoment[] {
  const segSize = inputs.segmentSize ?? DEFAULT_WAL_SEGMENT_SIZE;
  return inputs.histories
    .filter((h) => h.history.parents.length > 0)
    .map(({ history, archivedAt }) => {
      const last = history.parents[history.parents.length - 1]!;
      const switchSegno = segmentOfLsn(last.switchLsn, segSize);
      const notBefore = latest(
        inputs.segments.filter((s) => s.timeline === last.timeline && s.segno < switchSegno).map((s) => s.lastCommitAt),
      );
      const firstOnChild = earliest(
        inputs.segments.filter((s) => s.timeline === history.timeline && s.segno > switchSegno).map((s) => s.firstCommitAt),
      );
      const upper = earliest([firstOnChild, archivedAt]);
      // A clock stepped back cannot put the mark before what it follows.
      const at = upper && notBefore && upper < notBefore ? notBefore : upper;
      return { timeline: history.timeline, parent: last.timeline, switchLsn: last.switchLsn, at, notBefore };
    })
    .sort((a, b) => a.timeline - b.timeline);
}

function earliest(dates: readonly (Date | null)[]): Date | null {
  return dates.reduce<Date | null>((min, d) => (d && (!min || d < min) ? d : min), null);
}

function latest(dates: readonly (Date | null)[]): Date | null {
  return dates.reduce<Date | null>((max, d) => (d && (!max || d > max) ? d : max), null);
}
