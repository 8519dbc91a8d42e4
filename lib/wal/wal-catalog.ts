/**
 * What WAL archiving needs from the catalog, as a small interface with two implementations: Prisma
 * for the worker (catalog-prisma.ts) and plain `pg` for the `wayback` CLI (catalog-sql.ts), whose
 * archive_command path must not load Prisma's client. pushWalFile() and fetchWalFile() hold the
 * logic once; the implementations only run queries.
 */

import type { RepositoryLocation } from "@/lib/domain/repository-location";

/** Where the cluster's repository is; an S3 repository's credentials are never the catalog's to give (the CLI has its own). */
export type WalCatalogRepository = RepositoryLocation;

export interface SegmentRow {
  clusterId: string;
  name: string;
  timeline: number;
  segno: bigint;
  sizeBytes: number;
  sha256: string;
  source: "stream" | "push";
}

export interface HistoryRow {
  clusterId: string;
  timeline: number;
  content: string;
  sha256: string;
}

/** What the catalog holds after a record…() call: inserted now, or the row that was already there. */
export interface RecordResult {
  inserted: boolean;
  sha256: string;
}

export interface WalCatalog {
  /**
   * null when the cluster does not exist; `repository` null when it has none configured. With
   * `copyRepositoryId`: that repository, when it is one of the cluster's copy repositories.
   */
  clusterRepository(clusterId: string, copyRepositoryId?: string): Promise<{ repository: WalCatalogRepository | null } | null>;
  /** The system identifier the cluster's most recent successful check read, if any. */
  systemIdentifier(clusterId: string): Promise<string | null>;
  /** Inserts the row unless (clusterId, name) exists; never changes an existing row. */
  recordSegment(row: SegmentRow): Promise<RecordResult>;
  /** Inserts the row unless (clusterId, timeline) exists; never changes an existing row. */
  recordHistory(row: HistoryRow): Promise<RecordResult>;
  /** The checksum recorded for a segment, or null when the catalog has no row for it. */
  segmentChecksum(clusterId: string, name: string): Promise<string | null>;
  /** Raises the cluster's "WAL file refused" alert with this message (or counts it again). */
  walRefused(clusterId: string, message: string): Promise<void>;
  /** A file was archived: the cluster's "WAL file refused" alert, if open, is resolved. */
  walAccepted(clusterId: string): Promise<void>;
}
