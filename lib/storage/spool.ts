/**
 * Holds a source whole before it is stored, hashing it on the way, for writes that need its sha256
 * before they start (an immutable put compares it, and records it as the object's metadata). Small
 * sources stay in memory (a WAL segment: no extra disk write); larger ones go to a private file in
 * the scratch directory.
 */
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, open, rm, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { hashStream, sha256Tap } from "./sha256-tap";

export interface Spooled {
  size: number;
  sha256: string;
  /** The bytes: a Buffer when they fitted in memory, else a fresh stream of the file on each call. */
  body(): Buffer | Readable;
  release(): Promise<void>;
}

export async function spool(
  source: NodeJS.ReadableStream | Buffer,
  opts: { scratchDir: string; inMemoryMax: number; signal?: AbortSignal },
): Promise<Spooled> {
  if (Buffer.isBuffer(source)) {
    return { ...(await hashStream(Readable.from([source]))), body: () => source, release: async () => undefined };
  }
  const tap = sha256Tap();
  const held: Buffer[] = [];
  let heldBytes = 0;
  // Assigned inside the pipeline's sink: the cast keeps TypeScript from narrowing it to null here.
  let file = null as SpoolFile | null;
  const release = async () => {
    if (file) await rm(file.dir, { recursive: true, force: true });
  };
  try {
    await pipeline(
      source,
      tap.stage,
      async (chunks: AsyncIterable<Buffer>) => {
        for await (const chunk of chunks) {
          if (file === null && heldBytes + chunk.length <= opts.inMemoryMax) {
            held.push(chunk);
            heldBytes += chunk.length;
            continue;
          }
          file ??= await spoolFile(opts.scratchDir, held.splice(0));
          await file.fh.write(chunk);
        }
      },
      { signal: opts.signal },
    );
  } catch (err) {
    await release();
    throw err;
  } finally {
    await file?.fh.close();
  }
  const digest = tap.digest();
  if (file === null) {
    const whole = Buffer.concat(held, heldBytes);
    return { ...digest, body: () => whole, release };
  }
  const spooledPath = file.path;
  return { ...digest, body: () => createReadStream(spooledPath), release };
}

/** A private file under `scratchDir` holding `held` so far. */
type SpoolFile = { dir: string; path: string; fh: FileHandle };

async function spoolFile(scratchDir: string, held: Buffer[]): Promise<SpoolFile> {
  await mkdir(scratchDir, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(path.join(scratchDir, "put-"));
  const file = path.join(dir, "object");
  const fh = await open(file, "wx", 0o600);
  for (const chunk of held) await fh.write(chunk);
  return { dir, path: file, fh };
}
