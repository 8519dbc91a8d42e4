/**
 * Archives one file PostgreSQL hands to archive_command (or pg_receivewal finished): validate it,
 * store it immutably under its repository key, record it in the catalog. Safe to repeat: the same
 * file again succeeds with `alreadyPresent`; different contents under an archived name fail loudly
 * and leave the archive as it was.
 *
 * What is accepted, by name:
 *  - `<segment>`: validated (size, page header, timeline, position, system identifier), stored
 *    under walKey(), one WalSegment row.
 *  - `<timeline>.history`: parsed as a timeline history, stored under historyKey(), one WalHistory
 *    row with its content.
 *  - `<segment>.partial`: PostgreSQL archives the last, incomplete segment of the old timeline
 *    under this name after a promotion; refusing it would stall archiving for good. Validated like
 *    a segment, stored next to the segments, no catalog row (it is not a complete segment).
 *  - `<segment>.<offset>.backup`: the backup history file pg_backup_stop() archives; a short text
 *    file, stored next to the segments, no catalog row (base backups are cataloged by the backup job).
 * Anything else is refused. A refusal also raises the cluster's "WAL file refused" alert; the
 * next file archived resolves it (PostgreSQL archives in order, so it is the refused one, fixed).
 *
 * Imports stay light: this is on archive_command's path (see bin/wayback.ts).
 */
import { createHash } from "node:crypto";
import { open, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { walRefusedMessage } from "@/lib/domain/alert-rules";
import { parseTimelineHistory } from "@/lib/domain/timeline-history";
import { isBackupHistoryName, isHistoryFileName, isPartialName, isSegmentName, parseHistoryFileName } from "@/lib/domain/wal-segment";
import { historyKey, walKey } from "@/lib/storage/layout";
import { ImmutableConflictError, READ_CHUNK, type Repository } from "@/lib/storage/repository";
import type { DbClient } from "@/lib/db/client";
import { prismaWalCatalog } from "./catalog-prisma";
import type { WalCatalog } from "./wal-catalog";
import { inspectWalSegment, InvalidWalFileError, LONG_PAGE_HEADER_SIZE } from "./wal-file";

export type WalFileKind = "segment" | "history" | "partial" | "backup";

export interface PushWalFileResult {
  name: string;
  kind: WalFileKind;
  alreadyPresent: boolean;
  sha256: string;
  size: number;
}

export type PushWalFileOptions = {
  repo: Repository;
  clusterId: string;
  filePath: string;
  source: "stream" | "push";
  signal?: AbortSignal;
} & ({ db: DbClient; catalog?: undefined } | { catalog: WalCatalog; db?: undefined });

/** Different contents under a name already archived: never overwritten, always reported. */
export class WalChecksumMismatchError extends Error {
  constructor(
    readonly walName: string,
    readonly clusterId: string,
    readonly archivedSha256: string,
    readonly newSha256: string,
    where: "repository" | "catalog",
  ) {
    super(
      `CHECKSUM MISMATCH: WAL file ${walName} is already archived for cluster ${clusterId} with different contents ` +
        `(${where === "repository" ? "archived" : "cataloged"} sha256 ${archivedSha256}, this file sha256 ${newSha256}). ` +
        "The archived copy was left untouched. Two servers may be archiving into the same cluster, or one of the copies is corrupt.",
    );
    this.name = "WalChecksumMismatchError";
  }
}

/** Backup history files are a few hundred bytes of text; anything big is not one. */
const MAX_SMALL_FILE = 1024 * 1024;

export function walFileKind(name: string): WalFileKind | null {
  if (isSegmentName(name)) return "segment";
  if (isHistoryFileName(name)) return "history";
  if (isPartialName(name)) return "partial";
  if (isBackupHistoryName(name)) return "backup";
  return null;
}

export async function pushWalFile(opts: PushWalFileOptions): Promise<PushWalFileResult> {
  const catalog = opts.catalog ?? prismaWalCatalog(opts.db!);
  try {
    const result = await storeWalFile(opts, catalog);
    await catalog.walAccepted(opts.clusterId);
    return result;
  } catch (err) {
    if (err instanceof InvalidWalFileError || err instanceof WalChecksumMismatchError) {
      // Said in the catalog too, where monitoring and notifications see it; the caller still gets the error.
      await catalog.walRefused(opts.clusterId, walRefusedMessage(path.basename(opts.filePath), err.message)).catch(() => undefined);
    }
    throw err;
  }
}

async function storeWalFile(opts: PushWalFileOptions, catalog: WalCatalog): Promise<PushWalFileResult> {
  const { repo, clusterId, filePath, source, signal } = opts;
  const name = path.basename(filePath);
  const kind = walFileKind(name);
  if (!kind) {
    throw new InvalidWalFileError(
      `${name} is not a file PostgreSQL archives (a WAL segment, <segment>.partial, <segment>.<offset>.backup or <timeline>.history): refusing it.`,
    );
  }

  const fh = await openForReading(filePath);
  try {
    const size = (await fh.stat()).size;
    let key: string;
    let text: string | undefined;
    let info: ReturnType<typeof inspectWalSegment> | undefined;

    if (kind === "segment" || kind === "partial") {
      const head = Buffer.alloc(LONG_PAGE_HEADER_SIZE);
      const { bytesRead } = await fh.read(head, 0, head.length, 0);
      info = inspectWalSegment(name, head.subarray(0, bytesRead), size);
      const expected = await catalog.systemIdentifier(clusterId);
      if (expected !== null && expected !== info.systemIdentifier) {
        throw new InvalidWalFileError(
          `WAL file ${name} was written by the database system ${info.systemIdentifier}, but cluster ${clusterId} is system ${expected}: ` +
            "refusing it. Is another server's archive_command pointing at this cluster id?",
        );
      }
      key = walKey(clusterId, name);
    } else {
      if (size === 0) throw new InvalidWalFileError(`${name} is empty: refusing to archive it.`);
      if (size > MAX_SMALL_FILE)
        throw new InvalidWalFileError(
          `${name} is ${size} bytes: too large for a ${kind === "history" ? "timeline history" : "backup history"} file.`,
        );
      const content = await fh.readFile();
      text = content.toString("utf8");
      if (kind === "history") {
        parseTimelineHistory(parseHistoryFileName(name), text); // throws on garbage
        key = historyKey(clusterId, name);
      } else {
        if (!text.startsWith("START WAL LOCATION:")) {
          throw new InvalidWalFileError(`${name} does not look like a backup history file (it should start with "START WAL LOCATION:").`);
        }
        key = walKey(clusterId, name);
      }
    }

    // Stream from the handle we validated: what is stored is what was checked.
    let stored;
    try {
      stored = await repo.put(key, fh.createReadStream({ start: 0, autoClose: false, highWaterMark: READ_CHUNK }), {
        immutable: true,
        signal,
      });
    } catch (err) {
      if (err instanceof ImmutableConflictError) {
        throw new WalChecksumMismatchError(name, clusterId, err.existingSha256, err.newSha256, "repository");
      }
      throw err;
    }
    if (stored.size !== size) {
      throw new Error(`WAL file ${name} changed while it was being archived (${size} bytes before, ${stored.size} stored).`);
    }
    if (text !== undefined) {
      const sha = createHash("sha256").update(text, "utf8").digest("hex");
      if (sha !== stored.sha256) throw new Error(`${name} changed while it was being archived (or is not UTF-8 text).`);
    }

    let recorded: { sha256: string } | undefined;
    if (kind === "segment" && info) {
      recorded = await catalog.recordSegment({
        clusterId,
        name,
        timeline: info.timeline,
        segno: info.segno,
        sizeBytes: stored.size,
        sha256: stored.sha256,
        source,
      });
    } else if (kind === "history" && text !== undefined) {
      recorded = await catalog.recordHistory({ clusterId, timeline: parseHistoryFileName(name), content: text, sha256: stored.sha256 });
    }
    if (recorded && recorded.sha256 !== stored.sha256) {
      throw new WalChecksumMismatchError(name, clusterId, recorded.sha256, stored.sha256, "catalog");
    }
    return { name, kind, alreadyPresent: stored.alreadyPresent, sha256: stored.sha256, size: stored.size };
  } finally {
    await fh.close();
  }
}

async function openForReading(filePath: string): Promise<FileHandle> {
  try {
    return await open(filePath, "r");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InvalidWalFileError(`${filePath} does not exist.`);
    if (code === "EACCES") throw new InvalidWalFileError(`${filePath} cannot be read by this user (permission denied).`);
    throw err;
  }
}
