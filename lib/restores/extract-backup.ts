import fs from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ProcessError } from "@/lib/pg/run-process";
import { spawnStream } from "@/lib/pg/spawn-stream";
import type { Repository } from "@/lib/storage/repository";

const DECOMPRESS: Record<string, string[] | null> = {
  ".tar": null,
  ".tar.zst": ["zstd", "-dc"],
  ".tar.gz": ["gzip", "-dc"],
  ".tar.lz4": ["lz4", "-dc"],
};

/**
 * Unpacks a stored tar backup into `dataDir`, streaming from the repository through the
 * decompressor into `tar -x` (nothing is held in memory, nothing staged twice): base.tar → the
 * data directory, pg_wal.tar → pg_wal/. `onBytes` counts stored (compressed) bytes read.
 */
export async function extractBackup(opts: {
  repo: Repository;
  prefix: string;
  files: { name: string }[];
  dataDir: string;
  signal?: AbortSignal;
  onBytes?: (bytes: number) => void;
}): Promise<void> {
  const tars = opts.files.map((f) => f.name).filter((n) => suffixOf(n) !== null);
  const unknown = tars.filter((n) => !/^(base|pg_wal)\.tar/.test(n));
  if (unknown.length) throw new Error(`This backup has tablespaces (${unknown.join(", ")}); restoring tablespaces is not supported yet.`);
  if (!tars.some((n) => n.startsWith("base.tar"))) throw new Error("The backup has no base.tar: it cannot be restored.");
  await fs.mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  let read = 0;
  // The data and the WAL archives unpack side by side: two decompressors, two tars.
  await Promise.all(
    tars.map(async (name) => {
      const into = name.startsWith("pg_wal") ? path.join(opts.dataDir, "pg_wal") : opts.dataDir;
      await fs.mkdir(into, { recursive: true, mode: 0o700 });
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          read += chunk.length;
          opts.onBytes?.(read);
          done(null, chunk);
        },
      });
      await untar(await opts.repo.get(opts.prefix + name), counter, DECOMPRESS[suffixOf(name)!]!, into, opts.signal);
    }),
  );
}

function suffixOf(name: string): string | null {
  return Object.keys(DECOMPRESS).find((s) => name.endsWith(s)) ?? null;
}

/**
 * source → [decompressor] → tar -x -C into, each started by spawnStream(): argument arrays, the
 * allowlisted environment, a process group of its own that the reaper ends if the worker dies.
 */
async function untar(
  source: NodeJS.ReadableStream,
  counter: Transform,
  decompress: string[] | null,
  into: string,
  signal?: AbortSignal,
): Promise<void> {
  // --ignore-zeros: read to the end of the stream. tar otherwise exits at the end-of-archive
  // blocks, before the padding after them, and the decompressor or the repository still writing
  // that padding hits a closed pipe: the restore failed now and then for nothing.
  const tar = spawnStream("tar", ["-x", "--ignore-zeros", "-f", "-", "-C", into], { signal, stdin: true });
  // tar -x prints nothing without -v; an unread pipe would still hold it up if it did.
  tar.stdout.resume();
  const unzip = decompress ? spawnStream(decompress[0]!, decompress.slice(1), { signal, stdin: true }) : null;
  const programs = unzip ? [unzip, tar] : [tar];
  try {
    const feeding = unzip
      ? Promise.all([pipeline(source, counter, unzip.stdin!, { signal }), pipeline(unzip.stdout, tar.stdin!)])
      : pipeline(source, counter, tar.stdin!, { signal });
    await Promise.all([feeding, ...programs.map((p) => p.exited)]);
  } catch (err) {
    programs.forEach((p) => p.stop());
    // The first program to fail on its own says why; a broken pipe downstream of it, or a
    // program stopped because of it, says nothing useful.
    const failures = (await Promise.allSettled(programs.map((p) => p.exited))).flatMap((r) =>
      r.status === "rejected" ? [r.reason as ProcessError] : [],
    );
    throw failures.find((f) => !f.aborted) ?? failures[0] ?? err;
  }
}
