import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ProcessError } from "@/lib/pg/run-process";
import type { Repository } from "@/lib/repo/repository";

const DECOMPRESS: Record<string, string[] | null> = { ".tar": null, ".tar.zst": ["zstd", "-dc"], ".tar.gz": ["gzip", "-dc"], ".tar.lz4": ["lz4", "-dc"] };

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

/** source → [decompressor] → tar -x -C into, each a child with an argument array. */
async function untar(source: NodeJS.ReadableStream, counter: Transform, decompress: string[] | null, into: string, signal?: AbortSignal): Promise<void> {
  const tar = spawn("tar", ["-x", "-f", "-", "-C", into], { stdio: ["pipe", "ignore", "pipe"] });
  const unzip = decompress ? spawn(decompress[0]!, decompress.slice(1), { stdio: ["pipe", "pipe", "pipe"] }) : null;
  const children = unzip ? [unzip, tar] : [tar];
  const stderr = children.map(() => [] as Buffer[]);
  children.forEach((c, i) => c.stderr!.on("data", (d: Buffer) => stderr[i]!.push(d)));
  const exits = children.map(
    (c, i) =>
      new Promise<void>((resolve, reject) =>
        c.on("close", (code, sig) =>
          code === 0
            ? resolve()
            : reject(new ProcessError({ program: c.spawnfile, code, signal: sig, stderrTail: Buffer.concat(stderr[i]!).toString().slice(-4000), stdoutTail: "" })),
        ),
      ),
  );
  const kill = () => children.forEach((c) => c.kill("SIGTERM"));
  signal?.addEventListener("abort", kill, { once: true });
  try {
    const feeding = unzip
      ? Promise.all([pipeline(source, counter, unzip.stdin!, { signal }), pipeline(unzip.stdout!, tar.stdin!)])
      : pipeline(source, counter, tar.stdin!, { signal });
    await Promise.all([feeding, ...exits]);
  } catch (err) {
    kill();
    // The first program to fail says why; a broken pipe downstream of it says nothing useful.
    const failed = await Promise.allSettled(exits);
    const reason = failed.find((r): r is PromiseRejectedResult => r.status === "rejected")?.reason;
    throw reason ?? err;
  } finally {
    signal?.removeEventListener("abort", kill);
  }
}
