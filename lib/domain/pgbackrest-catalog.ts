/**
 * Keeping the catalog's backups rows of a pgBackRest cluster in step with its stanza: one row per
 * set (label = the set's label), made when `info` first lists it, removed when it no longer does
 * (expired by Wayback's plan or by hand). Parents are created before their children and removed
 * after them, as the catalog's parent key requires.
 */
import type { PgBackRestArchiveRange, PgBackRestSet } from "./pgbackrest-info";

export interface CatalogSetRow {
  id: string;
  label: string;
  startedAt: Date;
}

export interface CatalogSync {
  /** Sets to record, parents first. */
  create: PgBackRestSet[];
  /** Row ids to remove, children (newest) first. */
  remove: string[];
}

export function planCatalogSync(sets: readonly PgBackRestSet[], rows: readonly CatalogSetRow[]): CatalogSync {
  const known = new Set(rows.map((r) => r.label));
  const listed = new Set(sets.map((s) => s.label));
  return {
    create: sets.filter((s) => !known.has(s.label)).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime()),
    remove: rows
      .filter((r) => !listed.has(r.label))
      .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())
      .map((r) => r.id),
  };
}

/** A run of archived segments on one timeline, both ends included. */
export interface ArchiveSpan {
  timeline: number;
  fromSegno: bigint;
  toSegno: bigint;
}

/**
 * The catalog's WAL rows of a pgBackRest cluster, from `info`'s archive min/max (pgBackRest's
 * archive is contiguous within an archive id). A range that crosses timelines does not say where
 * the switch fell: it is left out, so the restore planner never offers WAL that may not be there.
 */
export function archiveSpans(ranges: readonly PgBackRestArchiveRange[]): ArchiveSpan[] {
  return ranges
    .filter((r) => r.min.timeline === r.max.timeline && r.min.segno <= r.max.segno)
    .map((r) => ({ timeline: r.min.timeline, fromSegno: r.min.segno, toSegno: r.max.segno }));
}
