// Reads pg_basebackup's tar archives as streams, from a file or while they arrive from
// pg_basebackup itself: decompressed by the zstd/gzip/lz4 program and parsed as they arrive
// (lib/domain/tar-reader.ts), never written to disk. A data tar is
// measured member by member (size, checksum in the manifest's algorithm) in place, in one
// reused read buffer (output-socket.ts says why); the WAL tar, which is small, is extracted
// for pg_waldump.
import { createHash, type Hash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { crc32c } from "@node-rs/crc32";
import { memberKey, type ChecksumAlgorithm, type TarMember } from "@/lib/domain/backup-manifest";
import { TarFormatError, TarReader, type TarHandler } from "@/lib/domain/tar-reader";
import { openOutputSocket, type OutputSocket } from "@/lib/pg/output-socket";
import { ProcessError } from "@/lib/pg/run-process";
import { spawnStream, type StreamingProcess } from "@/lib/pg/spawn-stream";
import { pipeline } from "node:stream/promises";

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

/** A TarHandler whose work may outlast the chunk that started it (writing files). */
export interface MemberHandler extends TarHandler {
  /** Called after each chunk; the next chunk is read once what it returns has settled. */
  settle?(): Promise<void> | undefined;
}

/** Where an archive's bytes come from: `dir/<archive.file>`, or a stream of them. */
export type TarInput = { dir: string } | { stream: NodeJS.ReadableStream };

/** One read's worth: large enough that a read takes all the decompressor has written. */
const READ_BYTES = 1 << 20;

/** Where a failure came from: reading the input, or parsing and handling what was read. */
class Failure {
  constructor(
    readonly err: unknown,
    readonly reading: boolean,
  ) {}
}

/**
 * Streams the archive through its decompressor and the tar reader, handing `handler` each
 * member's header, data slices and end, synchronously. Slices are views of one reused read
 * buffer, valid until the handler returns: copy what must outlive the call. Rejects with an
 * ArchiveError when the decompressor fails (a truncated or corrupt file) or the tar is
 * malformed; with whatever the handler threw otherwise; with the abort reason when `signal` fires.
 */
export async function streamTar(input: TarInput, archive: BackupArchive, handler: MemberHandler, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  const reader = new TarReader(handler);
  const buffer = Buffer.allocUnsafe(READ_BYTES);
  const consume = (chunk: Buffer): Promise<void> | undefined => {
    signal?.throwIfAborted();
    reader.write(chunk);
    return handler.settle?.();
  };

  let proc: StreamingProcess | undefined;
  let failure: Failure | undefined;
  try {
    if (archive.decompressor) {
      const run = await decompress(archive.decompressor, input, archive.file, buffer, consume, signal);
      proc = run.proc;
      await run.finished;
    } else if ("dir" in input) {
      await readFile(path.join(input.dir, archive.file), buffer, consume);
    } else {
      await readStream(input.stream, consume);
    }
    reader.end();
    signal?.throwIfAborted();
  } catch (err) {
    failure = err instanceof Failure ? err : new Failure(err, false);
    if (proc) {
      // A cut archive ends the tar stream a moment before the decompressor exits with its own,
      // better explanation: give it that moment before stopping it.
      await Promise.race([proc.exited.catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
      proc.stop();
    }
  }

  if (proc) {
    try {
      await proc.exited;
    } catch (err) {
      const pe = err as ProcessError;
      // Exited on its own with an error: that is the story (the tar reader then saw a cut stream).
      if (pe.code !== null && pe.code !== 0) {
        const stderr = lastLine(pe.stderrTail) || "(no output)";
        throw new ArchiveError(
          `${archive.file} could not be decompressed: ${archive.decompressor} exited with status ${pe.code}: ${stderr}`,
          { cause: err },
        );
      }
      if (!failure) throw signal?.aborted ? signal.reason : new ArchiveError(`${archive.file}: ${pe.message}`, { cause: err });
    }
  }
  if (failure === undefined) return;
  if (signal?.aborted) throw signal.reason;
  const { err } = failure;
  if (failure.reading) throw new ArchiveError(`${archive.file} could not be read: ${(err as Error).message}`, { cause: err });
  if (err instanceof TarFormatError)
    throw new ArchiveError(`${archive.file} is not a readable tar archive: ${err.message}`, { cause: err });
  // The handler's own failure (a refused name, a full disk).
  throw err;
}

/**
 * Starts `program -d -c [file]` (a stream input is piped to its stdin), its output fed to
 * `consume`; `finished` settles when the output has ended, or rejects with a Failure (the caller
 * then stops the process).
 */
async function decompress(
  program: string,
  input: TarInput,
  file: string,
  buffer: Buffer,
  consume: (chunk: Buffer) => Promise<void> | undefined,
  signal: AbortSignal | undefined,
): Promise<{ proc: StreamingProcess; finished: Promise<void> }> {
  let fail: (f: Failure) => void = () => {};
  let failed = false;
  let output: OutputSocket;
  try {
    output = await openOutputSocket(buffer, (chunk) => {
      if (failed) return false;
      try {
        const settling = consume(chunk);
        if (!settling) return true;
        settling.then(
          () => output.reader.resume(),
          (err: unknown) => fail(new Failure(err, false)),
        );
      } catch (err) {
        fail(new Failure(err, false));
      }
      return false;
    });
  } catch (err) {
    throw new Failure(err, true);
  }
  const { reader } = output;
  let proc: StreamingProcess;
  try {
    proc =
      "dir" in input
        ? spawnStream(program, ["-d", "-c", path.join(input.dir, file)], { signal, stdout: output })
        : spawnStream(program, ["-d", "-c"], { signal, stdout: output, stdin: true });
  } catch (err) {
    output.programEnd.destroy();
    reader.destroy();
    throw err;
  }
  const finished = new Promise<void>((resolve, reject) => {
    fail = (f) => {
      failed = true;
      reject(f);
    };
    let ended = false;
    reader.on("end", () => {
      ended = true;
      resolve();
    });
    reader.on("error", (err: Error) => fail(new Failure(err, true)));
    // Destroyed by stop() (abort): there will be no 'end'.
    reader.on("close", () => {
      if (!ended) fail(new Failure(new Error("the input stream closed before its end"), true));
    });
    // A stream input feeds the program; when the program exits early, its exit status is the story.
    if ("stream" in input) pipeline(input.stream, proc.stdin!).catch((err: unknown) => fail(new Failure(err, true)));
  }).finally(() => reader.destroy());
  return { proc, finished };
}

async function readStream(stream: NodeJS.ReadableStream, consume: (chunk: Buffer) => Promise<void> | undefined): Promise<void> {
  const chunks = stream[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<string | Buffer>;
    try {
      next = await chunks.next();
    } catch (err) {
      throw new Failure(err, true);
    }
    if (next.done) return;
    const settling = consume(Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value));
    if (settling) await settling;
  }
}

async function readFile(file: string, buffer: Buffer, consume: (chunk: Buffer) => Promise<void> | undefined): Promise<void> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, "r");
  } catch (err) {
    throw new Failure(err, true);
  }
  try {
    for (;;) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, buffer.length, null));
      } catch (err) {
        throw new Failure(err, true);
      }
      if (bytesRead === 0) return;
      const settling = consume(buffer.subarray(0, bytesRead));
      if (settling) await settling;
    }
  } finally {
    await handle.close();
  }
}

/**
 * Every member of a data tar with its size and, for regular files the manifest has a checksum
 * for, that checksum (lowercase hex, CRC32C as little-endian bytes like the manifest).
 * `tablespaceOid`: the archive is `<oid>.tar…`, whose paths live under pg_tblspc/<oid>/.
 */
export async function scanDataTar(
  opts: TarInput & {
    archive: BackupArchive;
    tablespaceOid: string | null;
    checksumFor: (key: string) => ChecksumAlgorithm | null;
    signal?: AbortSignal;
  },
): Promise<TarMember[]> {
  const members: TarMember[] = [];
  let member: TarMember | undefined;
  let sum: Checksummer | null = null;
  await streamTar(
    "stream" in opts ? { stream: opts.stream } : { dir: opts.dir },
    opts.archive,
    {
      header: (header) => {
        const key = memberKey(header.name, opts.tablespaceOid);
        const algorithm = header.type === "file" ? opts.checksumFor(key) : null;
        sum = algorithm ? checksummer(algorithm) : null;
        member = { key, archive: opts.archive.file, type: header.type, size: 0 };
      },
      data: (slice) => {
        member!.size += slice.length;
        sum?.update(slice);
      },
      end: () => {
        if (sum) member!.checksum = sum.digest();
        members.push(member!);
      },
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
  // File system work in member order; each chunk waits for it, so at most one chunk is held.
  let work: Promise<void> = Promise.resolve();
  let open: fs.FileHandle | undefined;
  let writing = false;
  const then = (step: () => Promise<unknown>) => {
    work = work.then(step).then(() => undefined);
  };
  try {
    await streamTar(
      { dir: opts.dir },
      opts.archive,
      {
        header: (header) => {
          const name = memberKey(header.name, null);
          const target = path.resolve(root, name);
          const inside = target === root || target.startsWith(`${root}${path.sep}`);
          if (!inside || path.isAbsolute(name) || name.split("/").includes("..")) {
            throw new ArchiveError(`${opts.archive.file}: member "${header.name}" would be written outside the extraction directory`);
          }
          writing = header.type === "file";
          if (header.type === "directory") {
            then(() => fs.mkdir(target, { recursive: true, mode: 0o700 }));
          } else if (header.type === "file") {
            files++;
            then(async () => {
              await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
              open = await fs.open(target, "w", 0o600);
            });
          }
          // links, devices: nothing pg_waldump reads
        },
        data: (slice) => {
          if (!writing) return;
          // The slice's buffer is read into again once the handler returns.
          const copy = Buffer.from(slice);
          then(() => writeAll(open!, copy));
        },
        end: () => {
          then(async () => {
            const handle = open;
            open = undefined;
            await handle?.close();
          });
        },
        settle: () => work,
      },
      opts.signal,
    );
  } finally {
    await work.catch(() => undefined);
    await open?.close().catch(() => undefined);
  }
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

async function writeAll(handle: fs.FileHandle, data: Buffer): Promise<void> {
  for (let at = 0; at < data.length;) at += (await handle.write(data, at)).bytesWritten;
}

function lastLine(text: string): string {
  return text.trim().split("\n").pop()?.trim() ?? "";
}
