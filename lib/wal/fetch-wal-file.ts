/**
 * restore_command's half: copies one archived WAL file (segment, .partial, .backup or .history)
 * from the repository to `destPath`, atomically (a temporary file next to it, then renamed), so
 * PostgreSQL never reads a half-written segment. Absent → WalFileNotFoundError: restore_command
 * must then exit non-zero, which PostgreSQL takes as "not in the archive" (the normal end of
 * archive recovery, and the normal answer for a future timeline's history file).
 *
 * A segment the archive lacks, and the catalog knows no checksum of, is looked for among the
 * streaming receiver's partial segments (upload-partial.ts), as Barman's `get-wal --partial`
 * does: the newest segment is handed over as received so far, and replay ends where its WAL does.
 * Only one partial exists per cluster and it goes once its complete segment is archived, so this
 * reaches the newest segment only.
 */
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { chown, rename, rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { sha256Tap } from "@/lib/storage/sha256-tap";
import { refuseEncryptedObject } from "@/lib/wal/refuse-encrypted-object";
import { isHistoryFileName, isSegmentName } from "@/lib/domain/wal-segment";
import { historyKey, walKey } from "@/lib/storage/layout";
import { NotFoundError, type Repository } from "@/lib/storage/repository";
import { walPartialKey } from "@/lib/wal/wal-partial-key";

export class WalFileNotFoundError extends Error {
  constructor(
    readonly walName: string,
    readonly clusterId: string,
  ) {
    super(`WAL file ${walName} is not in the archive of cluster ${clusterId}.`);
    this.name = "WalFileNotFoundError";
  }
}

export interface FetchWalFileOptions {
  repo: Repository;
  clusterId: string;
  /** The file name PostgreSQL asks for (%f). */
  name: string;
  /** Where PostgreSQL wants it (%p); relative paths are resolved against the process's cwd. */
  destPath: string;
  /** When the catalog knows the file's checksum: verified while copying, and a mismatch fails. */
  expectedSha256?: string | null;
  /** Who must own the file (the server's OS user, when the fetch runs as root). */
  owner?: { uid: number; gid: number };
  signal?: AbortSignal;
}

export async function fetchWalFile(opts: FetchWalFileOptions): Promise<{ size: number; sha256: string }> {
  const { repo, clusterId, name, signal } = opts;
  const key = isHistoryFileName(name) ? historyKey(clusterId, name) : walKey(clusterId, name);
  const partialKey = isSegmentName(name) && !opts.expectedSha256 ? walPartialKey(clusterId, name) : null;
  let source: NodeJS.ReadableStream;
  try {
    source = await repo.get(key).catch((err: unknown) => {
      if (err instanceof NotFoundError && partialKey) return repo.get(partialKey);
      throw err;
    });
  } catch (err) {
    if (err instanceof NotFoundError) throw new WalFileNotFoundError(name, clusterId);
    throw err;
  }

  const dest = path.resolve(opts.destPath);
  const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.wayback-${randomBytes(6).toString("hex")}`);
  const tap = sha256Tap();
  try {
    await pipeline(
      source,
      tap.stage,
      refuseEncryptedObject(`WAL file ${name} of cluster ${clusterId}`),
      // No fsync: after a crash, recovery asks for the file again.
      createWriteStream(tmp, { flags: "wx", mode: 0o600 }),
      { signal },
    );
    const { size, sha256 } = tap.digest();
    if (opts.expectedSha256 && opts.expectedSha256 !== sha256) {
      throw new Error(
        `CHECKSUM MISMATCH: the archived copy of WAL file ${name} for cluster ${clusterId} has sha256 ${sha256}, ` +
          `the catalog recorded ${opts.expectedSha256}: refusing to hand a corrupt file to recovery.`,
      );
    }
    if (opts.owner) await chown(tmp, opts.owner.uid, opts.owner.gid);
    await rename(tmp, dest);
    return { size, sha256 };
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}
