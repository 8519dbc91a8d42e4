/**
 * How far a copy repository trails its cluster's archive: the archived segments not copied there
 * yet, and how long the oldest of them has waited. Shown on the cluster page and alerted like
 * archive lag.
 */
export interface CopyLag {
  segments: number;
  /** Seconds since the oldest segment not yet copied was archived; 0 when none is waiting. */
  seconds: number;
}

export function copyLag(facts: { now: Date; missingSegments: number; oldestMissingArchivedAt: Date | null }): CopyLag {
  if (facts.missingSegments === 0 || facts.oldestMissingArchivedAt === null) return { segments: facts.missingSegments, seconds: 0 };
  return {
    segments: facts.missingSegments,
    seconds: Math.max(0, Math.floor((facts.now.getTime() - facts.oldestMissingArchivedAt.getTime()) / 1000)),
  };
}
