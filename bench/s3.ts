// Our S3 put against a plain @aws-sdk/lib-storage Upload of the same bytes to the same loopback
// server in the same run: the server is slow in its own right, so the ratio is the figure (our
// overhead: sha256 while streaming, the repository's part size), not the seconds.
// `npm run bench` runs it; `node --import tsx bench/s3.ts` runs it alone.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { Repository } from "@/lib/storage/repository";
import { createS3Repository } from "@/lib/storage/s3";
import { s3rverSettings } from "@/test/harness/s3-server";
import { ratio } from "./lib/measure";
import { runRounds, type Spread } from "./lib/rounds";

export interface S3BenchFigures {
  mib: number;
  ours: Spread;
  plain: Spread;
  ratio: number;
  /** Eight 16 MiB WAL segments one after another: our immutable put (spool, check, conditional write) vs a plain PutObject each. */
  walOurs: Spread;
  walPlain: Spread;
  walRatio: number;
}

const SEGMENT = 16 * 1024 * 1024;
const SEGMENTS = 8;

export async function benchS3(opts: { mib: number; rounds: number; log: (m: string) => void }): Promise<S3BenchFigures> {
  const server = await startServerProcess("wayback-bench");
  const scratchDir = await mkdtemp(path.join(os.tmpdir(), "wayback-bench-s3-"));
  try {
    const settings = s3rverSettings(server.endpoint, server.bucket, "bench/");
    const repo = createS3Repository(settings, { scratchDir });
    const client = new S3Client({
      region: settings.region,
      endpoint: server.endpoint,
      forcePathStyle: true,
      credentials: settings.credentials ?? undefined,
    });
    // Incompressible bytes, as a compressed backup is; 1 MiB pieces as a tool's output arrives.
    const pieces = Array.from({ length: opts.mib }, () => randomBytes(1024 * 1024));
    const segments = Array.from({ length: SEGMENTS }, () => randomBytes(SEGMENT));
    let n = 0;
    opts.log(`S3: ${opts.mib} MiB and ${SEGMENTS} WAL-sized objects to ${server.endpoint}, our puts vs plain SDK calls`);
    const spreads = await runRounds(
      {
        ours: async () => {
          const start = performance.now();
          await repo.put(`ours-${++n}`, Readable.from(pieces));
          return { ms: performance.now() - start };
        },
        plain: async () => {
          const start = performance.now();
          const Key = `bench/plain-${++n}`;
          await new Upload({ client, params: { Bucket: settings.bucket, Key, Body: Readable.from(pieces) } }).done();
          return { ms: performance.now() - start };
        },
        walOurs: async () => {
          const start = performance.now();
          for (const segment of segments) await repo.put(`ours-${++n}`, Readable.from([segment]), { immutable: true });
          return { ms: performance.now() - start };
        },
        walPlain: async () => {
          const start = performance.now();
          for (const segment of segments) {
            await client.send(new PutObjectCommand({ Bucket: settings.bucket, Key: `bench/plain-${++n}`, Body: segment }));
          }
          return { ms: performance.now() - start };
        },
      },
      { rounds: opts.rounds, prepare: () => clear(repo), log: opts.log },
    );
    return {
      mib: opts.mib,
      ours: spreads.ours.ms,
      plain: spreads.plain.ms,
      ratio: ratio(spreads.ours.ms.median, spreads.plain.ms.median),
      walOurs: spreads.walOurs.ms,
      walPlain: spreads.walPlain.ms,
      walRatio: ratio(spreads.walOurs.ms.median, spreads.walPlain.ms.median),
    };
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
    await server.stop();
  }
}

/** The server in a process of its own: in ours it would compete with the client for one event loop. */
export async function startServerProcess(
  bucket: string,
): Promise<{ endpoint: string; bucket: string; pid: number; stop: () => Promise<void> }> {
  const root = path.resolve(import.meta.dirname, "..");
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "test/harness/s3-server-main.ts"), bucket], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = once(child, "exit");
  const [line] = (await Promise.race([
    once(createInterface({ input: child.stdout }), "line"),
    exited.then(([code]) => Promise.reject(new Error(`The S3 test server exited with code ${String(code)} before it listened.`))),
  ])) as [string];
  const started = JSON.parse(line) as { endpoint: string; bucket: string };
  return {
    ...started,
    pid: child.pid!,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Each run starts from an empty bucket prefix. */
async function clear(repo: Repository): Promise<void> {
  await repo.removePrefix("ours-");
  await repo.removePrefix("plain-");
}

if (import.meta.filename === process.argv[1]) {
  const figures = await benchS3({ mib: Number(process.env.WAYBACK_BENCH_S3_MIB ?? 64), rounds: 3, log: (m) => console.log(`bench: ${m}`) });
  console.log(JSON.stringify(figures, null, 2));
}
