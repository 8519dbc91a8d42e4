// Reads pg_basebackup's tar files as streams: decompressed by the zstd/gzip/lz4 program into
// tar-stream, never written to disk. A data tar is measured member by member (size, checksum
// in the manifest's algorithm); the WAL tar, which is small, is extracted for pg_waldump.
import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { crc32c } from "@node-rs/crc32";
import tar from "tar-stream";
import { memberKey, type ChecksumAlgorithm, type TarMember } from "@/lib/domain/backup-manifest";
import { ProcessError } from "@/lib/pg/run-process";
import { spawnStream, type StreamingProcess } from "@/lib/pg/spawn-stream";

/** pg_basebackup's archive suffixes and the program that undoes each. */
const DECOMPRESSORS: Record<string, string | null> = { ".tar": null, ".tar.zst": "zstd", ".tar.gz": "gzip", ".tar.lz4": "lz4" };

export interface BackupArchive {
  file: string;
  /** "base", "pg_wal" or a tablespace oid. */
  stem: string;
  decompressor: string | null;
}

/** The archive a backup directory entry is, or null when it is not a tar pg_basebackup writes. */
export function backupArchive(file: string): BackupArchive | null {
  const suffix = Object.keys(DECOMPRESSORS)
    .sort((a, b) => b.length - a.length)
    .find((s) => file.endsWith(s));
  if (suffix === undefined) return null;
  return { file, stem: file.slice(0, file.length - suffix.length), decompressor: DECOMPRESSORS[suffix] ?? null };
}

/** The archive failed to decompress or is not a well-formed tar: the backup is unreadable. */
export class ArchiveError extends Error {
  constructor(message: string, opts?: { cause?: unknown }) {
    super(message, opts);
    this.name = "ArchiveError";
  }
}

/** Wraps an onMember failure so it is not mistaken for a malformed archive. */
class MemberError extends Error {}

/**
 * Streams `dir/archive` through its decompressor and tar-stream, handing each member to
 * `onMember`, which must read the member's data to the end. Rejects with an ArchiveError when
 * the decompressor fails (a truncated or corrupt file) or the tar is malformed; with whatever
 * onMember threw otherwise; with the abort reason when `signal` fires.
 */
export async function streamTar(
  dir: string,
  archive: BackupArchive,
  onMember: (header: tar.Header, data: AsyncIterable<Buffer>) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const file = path.join(dir, archive.file);
  let proc: StreamingProcess | undefined;
  let source: Readable;
  if (archive.decompressor) {
    proc = spawnStream(archive.decompressor, ["-d", "-c", file], { signal });
    source = proc.stdout;
  } else {
    source = createReadStream(file, { highWaterMark: 1 << 20 });
  }
  // Member names as raw bytes (one char per byte): paths are compared byte for byte.
  // (tar-stream's typings omit the option.)
  const extract = tar.extract({ filenameEncoding: "latin1" } as Parameters<typeof tar.extract>[0]);
  let extractError: Error | undefined;
  extract.on("error", (err: Error) => {
    extractError ??= err;
  });
  let sourceError: Error | undefined;
  let sourceEnded = false;
  source.on("error", (err: Error) => {
    sourceError = err;
    extract.destroy(err);
  });
  source.on("end", () => {
    sourceEnded = true;
  });
  // pipe() does not pass on a destroyed source (a stopped decompressor): the parser would wait
  // for more input forever.
  source.on("close", () => {
    if (!sourceEnded && !extract.destroyed) extract.destroy(sourceError ?? new Error("the input stream closed before its end"));
  });
  const onAbort = () => extract.destroy(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
  signal?.addEventListener("abort", onAbort, { once: true });
  source.pipe(extract);

  let parseError: unknown;
  try {
    for await (const member of extract) {
      signal?.throwIfAborted();
      try {
        await onMember(member.header, member as AsyncIterable<Buffer>);
      } catch (err) {
        // Reading a member fails when the stream under it is cut: an archive problem. Anything
        // else (a refused name, a full disk) is the caller's own failure.
        throw extractError || extract.destroyed ? err : new MemberError("member handler failed", { cause: err });
      }
    }
    signal?.throwIfAborted();
  } catch (err) {
    parseError = err;
    source.unpipe(extract);
    if (proc) {
      // A cut archive ends the tar stream a moment before the decompressor exits with its own,
      // better explanation: give it that moment before stopping it.
      await Promise.race([proc.exited.catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
      proc.stop();
    } else {
      source.destroy();
    }
  }

  signal?.removeEventListener("abort", onAbort);
  if (proc) {
    try {
      await proc.exited;
    } catch (err) {
      const pe = err as ProcessError;
      // Exited on its own with an error: that is the story (tar-stream then saw a cut stream).
      if (pe.code !== null && pe.code !== 0) {
        const stderr = lastLine(pe.stderrTail) || "(no output)";
        throw new ArchiveError(`${archive.file} could not be decompressed: ${archive.decompressor} exited with status ${pe.code}: ${stderr}`, { cause: err });
      }
      if (!parseError) throw signal?.aborted ? signal.reason : new ArchiveError(`${archive.file}: ${pe.message}`, { cause: err });
    }
  }
  if (parseError === undefined) return;
  if (signal?.aborted) throw signal.reason;
  if (sourceError) throw new ArchiveError(`${archive.file} could not be read: ${sourceError.message}`, { cause: sourceError });
  if (parseError instanceof MemberError) throw parseError.cause;
  throw new ArchiveError(`${archive.file} is not a readable tar archive: ${(parseError as Error).message}`, { cause: parseError });
}

/**
 * Every member of a data tar with its size and, for regular files the manifest has a checksum
 * for, that checksum (lowercase hex, CRC32C as little-endian bytes like the manifest).
 * `tablespaceOid`: the archive is `<oid>.tar…`, whose paths live under pg_tblspc/<oid>/.
 */
export async function scanDataTar(opts: {
  dir: string;
  archive: BackupArchive;
  tablespaceOid: string | null;
  checksumFor: (key: string) => ChecksumAlgorithm | null;
  signal?: AbortSignal;
}): Promise<TarMember[]> {
  const members: TarMember[] = [];
  await streamTar(
    opts.dir,
    opts.archive,
    async (header, data) => {
      const key = memberKey(header.name, opts.tablespaceOid);
      const type = header.type === "file" || header.type === "contiguous-file" ? "file" : header.type === "directory" ? "directory" : header.type === "symlink" ? "symlink" : "other";
      const algorithm = type === "file" ? opts.checksumFor(key) : null;
      const sum = algorithm ? checksummer(algorithm) : null;
      let size = 0;
      for await (const chunk of data) {
        size += chunk.length;
        sum?.update(chunk);
      }
      members.push({ key, archive: opts.archive.file, type, size, checksum: sum?.digest() });
    },
    opts.signal,
  );
  return members;
}

/**
 * Writes the regular files of a tar (the WAL tar) under `into`. Names that would leave `into`
 * (absolute, "..") are refused; links and devices are skipped. Returns the number of files.
 */
export async function extractTar(opts: { dir: string; archive: BackupArchive; into: string; signal?: AbortSignal }): Promise<number> {
  let files = 0;
  const root = path.resolve(opts.into);
  await fs.mkdir(root, { recursive: true, mode: 0o700 });
  await streamTar(
    opts.dir,
    opts.archive,
    async (header, data) => {
      const name = memberKey(header.name, null);
      const target = path.resolve(root, name);
      const inside = target === root || target.startsWith(`${root}${path.sep}`);
      if (!inside || path.isAbsolute(name) || name.split("/").includes("..")) {
        throw new ArchiveError(`${opts.archive.file}: member "${header.name}" would be written outside the extraction directory`);
      }
      if (header.type === "directory") {
        await fs.mkdir(target, { recursive: true, mode: 0o700 });
      } else if (header.type === "file" || header.type === "contiguous-file") {
        await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
        await fs.writeFile(target, data, { mode: 0o600 });
        files++;
        return;
      }
      for await (const _ of data) {
        // links, devices: nothing pg_waldump reads
      }
    },
    opts.signal,
  );
  return files;
}

interface Checksummer {
  update(chunk: Buffer): void;
  digest(): string;
}

function checksummer(algorithm: ChecksumAlgorithm): Checksummer {
  if (algorithm === "CRC32C") {
    let crc = 0;
    return {
      update: (chunk) => {
        crc = crc32c(chunk, crc);
      },
      digest: () => {
        // PostgreSQL writes the CRC's in-memory (little-endian) bytes as hex.
        const out = Buffer.alloc(4);
        out.writeUInt32LE(crc >>> 0);
        return out.toString("hex");
      },
    };
  }
  const hash: Hash = createHash(algorithm.toLowerCase());
  return { update: (chunk) => hash.update(chunk), digest: () => hash.digest("hex") };
}

function lastLine(text: string): string {
  return text.trim().split("\n").pop()?.trim() ?? "";
}
