/**
 * The streaming receiver's partial segment in the repository: the `.partial` file pg_receivewal is
 * still writing, uploaded while it grows so that a lost server costs seconds of commits, not the
 * rest of a segment (issue 19, docs/decisions/0024). Its own object kind (walPartialKey, outside
 * the segments' folder) and its own catalog row (WalPartial, one per cluster): replaced as it
 * grows, removed once the complete segment is archived. restore_command hands it to recovery only
 * when the complete segment is not archived (fetch-wal-file.ts).
 *
 * What is uploaded is a copy taken at one moment: its end of received WAL (partial-end.ts) and its
 * last commit (pg_waldump, the index job's dumpSegment) describe exactly the bytes stored.
 */
import { createReadStream } from "node:fs";
import { copyFile, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { DbClient } from "@/lib/db/client";
import { isPartialName, segmentStartLsn } from "@/lib/domain/wal-segment";
import type { PgBinaries } from "@/lib/pg/binaries";
import { isNormalWaldumpEnd } from "@/lib/domain/waldump-output";
import { ProcessError } from "@/lib/pg/run-process";
import { READ_CHUNK, type Repository } from "@/lib/storage/repository";
import { dumpSegment } from "@/lib/wal/index-segments";
import { receivedBytes } from "@/lib/wal/partial-end";
import { walPartialKey } from "@/lib/wal/wal-partial-key";
import { inspectWalSegment } from "@/lib/wal/wal-file";

export interface PartialUploader {
  /** Uploads the spool's partial segment when it changed since the last upload; its name, or null. */
  upload(signal?: AbortSignal): Promise<string | null>;
  /** The segment `name` was archived complete: its partial object and row go. */
  segmentArchived(name: string): Promise<void>;
}

export function partialUploader(opts: {
  db: DbClient;
  repo: Repository;
  bins: PgBinaries;
  clusterId: string;
  spool: string;
}): PartialUploader {
  const { db, repo, clusterId } = opts;
  // What was last uploaded: a file whose modification time has not moved is not read again.
  let last: { name: string; mtimeMs: number } | null = null;

  return {
    async upload(signal) {
      const file = (await readdir(opts.spool).catch(() => [] as string[])).find(isPartialName);
      if (!file) return null;
      const name = file.slice(0, 24);
      const source = path.join(opts.spool, file);
      const before = await stat(source).catch(() => null);
      if (!before || (last?.name === name && last.mtimeMs === before.mtimeMs)) return null;

      const dir = await mkdtemp(path.join(os.tmpdir(), "wayback-partial-"));
      try {
        // pg_waldump reads a file by its segment name; the copy is also what is stored.
        const copy = path.join(dir, name);
        try {
          await copyFile(source, copy);
        } catch (err) {
          // Completed and renamed meanwhile: the drain archives it.
          if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
          throw err;
        }
        const bytes = await readFile(copy);
        const received = receivedBytes(bytes);
        // Just created, still all zeros (an idle server after a segment switch can stay so for
        // minutes): nothing to keep yet, and no page header to read, which is not a failure.
        if (received === 0) return null;
        const info = inspectWalSegment(file, bytes.subarray(0, 40), bytes.length);
        const lastCommitAt = await lastCommitIn(opts.bins, info.pgMajor, copy, signal);
        // Streamed from the copy, as push-wal-file.ts streams a segment: the same writing path.
        const stored = await repo.put(walPartialKey(clusterId, name), createReadStream(copy, { highWaterMark: READ_CHUNK }), { signal });

        const previous = await db.walPartial.findUnique({ where: { clusterId }, select: { name: true } });
        const row = {
          name,
          timeline: info.timeline,
          segno: info.segno,
          sizeBytes: BigInt(stored.size),
          sha256: stored.sha256,
          endLsn: segmentStartLsn(info.segno, info.segmentSize) + BigInt(received),
          lastCommitAt,
          uploadedAt: new Date(),
        };
        const recorded = await db.walPartial.upsert({ where: { clusterId }, create: { clusterId, ...row }, update: row }).then(
          () => true,
          (err: unknown) => {
            // The cluster was removed while its receiver stopped: nothing of it is kept, this neither.
            if ((err as { code?: string }).code === "P2003") return false;
            throw err;
          },
        );
        if (!recorded) {
          await repo.remove(walPartialKey(clusterId, name));
          return null;
        }
        if (previous && previous.name !== name) await repo.remove(walPartialKey(clusterId, previous.name));
        last = { name, mtimeMs: before.mtimeMs };
        return name;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },

    async segmentArchived(name) {
      const { count } = await db.walPartial.deleteMany({ where: { clusterId, name } });
      if (count > 0) await repo.remove(walPartialKey(clusterId, name));
    },
  };
}

/** The last commit in the WAL received so far (pg_waldump through the index job's dumpSegment), or null. */
async function lastCommitIn(bins: PgBinaries, major: number, file: string, signal?: AbortSignal): Promise<Date | null> {
  try {
    return (await dumpSegment(bins, major, file, signal)).lastCommitAt;
  } catch (err) {
    // The end of the WAL received came before any commit or restore point: pg_waldump printed no
    // record, which dumpSegment cannot tell from a failure. It read at least the one it stopped after.
    if (err instanceof ProcessError && !err.aborted && !err.timedOut && isNormalWaldumpEnd(err.stderrTail, 1)) return null;
    throw err;
  }
}
