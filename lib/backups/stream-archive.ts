import { once } from "node:events";
import { PassThrough, Readable } from "node:stream";
import type { BackupRun } from "@/lib/backups/prepare-backup";
import type { TarMember } from "@/lib/domain/backup-manifest";
import { MANIFEST_CHECKSUMS } from "@/lib/pg/basebackup";
import { ArchiveError, backupArchive, scanDataTar } from "@/lib/pg/verify-tar-stream";
import type { StoredObject } from "@/lib/storage/repository";

const VERIFIER_BUFFER_BYTES = 1024 * 1024;

export interface StreamedArchive {
  stored: StoredObject;
  /** Every member with its size and checksum (MANIFEST_CHECKSUMS), for the manifest comparison once backup_manifest is there. */
  members: TarMember[];
}

/**
 * One data archive, as pg_basebackup writes it, into the repository under the backup's prefix and
 * through the verifier at the same time: each piece goes to both, the slower one sets the pace.
 * The object is completed only once the verifier has read the archive to its end (a cut or
 * unreadable archive fails the upload, which leaves no object), and the data stream itself ends
 * only once pg_basebackup succeeded (runBaseBackup).
 */
export async function streamArchive(run: BackupRun, name: string, data: Readable, signal: AbortSignal): Promise<StreamedArchive> {
  const archive = backupArchive(name);
  if (!archive) throw new ArchiveError(`pg_basebackup wrote "${name}", which is not a tar archive Wayback reads`);
  // A piece or two of the pipe's reads in hand, not a wait for every one of them.
  const toVerifier = new PassThrough({ highWaterMark: VERIFIER_BUFFER_BYTES });
  const scanned = scanDataTar({
    stream: toVerifier,
    archive,
    tablespaceOid: archive.stem === "base" ? null : archive.stem,
    checksumFor: () => MANIFEST_CHECKSUMS,
    signal,
  });
  // Whichever fails first is the story: the other then fails because of it. A verifier cut off
  // because the upload ended is such a consequence, however soon the upload's own error arrives.
  let first: { err: unknown } | undefined;
  const note = (err: unknown) => {
    first ??= { err };
    throw err;
  };
  const forked = fork(data, toVerifier, scanned);
  const storing = run.repo.put(`${run.prefix}${name}`, Readable.from(forked.pieces), { signal }).catch(note);
  const scanning = scanned.catch((err: unknown) => {
    if (forked.cutOff()) throw err;
    return note(err);
  });
  const [stored, members] = await Promise.allSettled([storing, scanning]);
  if (first) throw first.err;
  return { stored: settledValue(stored), members: settledValue(members) };
}

/**
 * `source`'s pieces, each also written to `verifier` (waiting while it is behind); the stream ends
 * only after the verifier has finished with the whole archive. `cutOff`: the verifier was stopped
 * because the upload or the source ended early.
 */
function fork(
  source: AsyncIterable<Buffer>,
  verifier: PassThrough,
  scanned: Promise<unknown>,
): { pieces: AsyncGenerator<Buffer>; cutOff: () => boolean } {
  let cutOff = false;
  async function* pieces(): AsyncGenerator<Buffer> {
    let complete = false;
    try {
      for await (const chunk of source) {
        if (!verifier.write(chunk)) await Promise.race([once(verifier, "drain"), scanned]);
        yield chunk;
      }
      verifier.end();
      await scanned;
      complete = true;
    } finally {
      // The upload failed or the source did: the verifier stops too.
      if (!complete) {
        cutOff = true;
        verifier.destroy();
      }
    }
  }
  return { pieces: pieces(), cutOff: () => cutOff };
}

function settledValue<T>(r: PromiseSettledResult<T>): T {
  if (r.status === "rejected") throw r.reason;
  return r.value;
}
