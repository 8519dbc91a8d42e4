// What client-side encryption adds to storing a backup, posix and S3, in the same run: the same
// bytes go through a repository's staging directory as pg_basebackup writes them, then commit —
// for an unencrypted posix repository a rename, for an encrypted one AES-256-GCM on the way into
// the repository; on S3 an upload either way — and through a streamed put (an S3 backup's
// multipart upload). Goal (issue 17): encrypted ≤ 1.1x unencrypted. Incompressible bytes, as a
// compressed backup's are. Wall and CPU time both (bench/lib/cpu.ts): the CPU ratio is what the
// encryption costs whatever the load; for S3, the server's CPU is reported on its own. Minor page
// faults too: the cipher's cost here is mostly fresh output buffers faulted in (decision 0032).
// `npm run bench` runs it; `node --import tsx bench/encryption.ts` alone.
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { encryptedRepository } from "@/lib/storage/encrypted";
import { createPosixRepository } from "@/lib/storage/posix";
import type { Repository } from "@/lib/storage/repository";
import { createS3Repository } from "@/lib/storage/s3";
import { s3rverSettings } from "@/test/harness/s3-server";
import { measureCpu } from "./lib/cpu";
import { ratio } from "./lib/measure";
import { runRounds, type Spread } from "./lib/rounds";
import { startServerProcess } from "./s3";

interface Pair {
  plain: Spread;
  encrypted: Spread;
  /** encrypted / plain, medians of wall time: the goal is ≤ 1.1. */
  ratio: number;
  /** CPU milliseconds of this process (the S3 server's apart). */
  plainCpu: Spread;
  encryptedCpu: Spread;
  /** encrypted / plain, medians of CPU time. */
  cpuRatio: number;
  /** Minor page faults of this process while storing (medians of the rounds). */
  plainFaults: number;
  encryptedFaults: number;
  /** The S3 server's CPU milliseconds (S3 pairs only). */
  serverCpu?: { plain: Spread; encrypted: Spread };
}

export interface EncryptionBenchFigures {
  mib: number;
  posixStaged: Pair;
  posixPut: Pair;
  s3Staged: Pair;
  s3Put: Pair;
}

export async function benchEncryption(opts: { mib: number; rounds: number; log: (m: string) => void }): Promise<EncryptionBenchFigures> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "wayback-bench-encryption-"));
  const server = await startServerProcess("wayback-bench-enc");
  try {
    const key = randomBytes(32);
    const scratch = path.join(dir, "scratch");
    const posix = createPosixRepository(path.join(dir, "repo"));
    const s3 = createS3Repository(s3rverSettings(server.endpoint, server.bucket, "bench/"), { scratchDir: scratch });
    const repos = {
      posix: { plain: posix, encrypted: encryptedRepository(posix, key, scratch) },
      s3: { plain: s3, encrypted: encryptedRepository(s3, key, scratch) },
    };
    const pieces = Array.from({ length: opts.mib }, () => randomBytes(1024 * 1024));
    let n = 0;
    const withFaults = async (fn: () => Promise<unknown>) => {
      const before = process.resourceUsage().minorPageFault;
      const figures = await measureCpu(fn, [server.pid]);
      return { ...figures, minorFaults: process.resourceUsage().minorPageFault - before };
    };
    const staged = (repo: Repository) => () =>
      withFaults(async () => {
        const staging = await repo.stagingDir("bench");
        await pipeline(Readable.from(pieces), createWriteStream(path.join(staging.path, "base.tar")));
        await staging.commit(`c/backup/b${++n}`);
      });
    const put = (repo: Repository) => () => withFaults(() => repo.put(`c/backup/p${++n}/base.tar`, Readable.from(pieces)));
    type Figures = Record<string, { ms: Spread; cpuMs: Spread; othersCpuMs: Spread; minorFaults: Spread }>;
    const pair = (s: Figures, plain: string, encrypted: string, onS3 = false): Pair => ({
      plain: s[plain]!.ms,
      encrypted: s[encrypted]!.ms,
      ratio: ratio(s[encrypted]!.ms.median, s[plain]!.ms.median),
      plainCpu: s[plain]!.cpuMs,
      encryptedCpu: s[encrypted]!.cpuMs,
      cpuRatio: ratio(s[encrypted]!.cpuMs.median, s[plain]!.cpuMs.median),
      plainFaults: s[plain]!.minorFaults.median,
      encryptedFaults: s[encrypted]!.minorFaults.median,
      ...(onS3 ? { serverCpu: { plain: s[plain]!.othersCpuMs, encrypted: s[encrypted]!.othersCpuMs } } : {}),
    });

    opts.log(`encryption: ${opts.mib} MiB staged and committed, and put, into posix and S3 (${server.endpoint}), plain vs encrypted`);
    const spreads = await runRounds(
      {
        posixStagedPlain: staged(repos.posix.plain),
        posixStagedEncrypted: staged(repos.posix.encrypted),
        posixPutPlain: put(repos.posix.plain),
        posixPutEncrypted: put(repos.posix.encrypted),
        s3StagedPlain: staged(repos.s3.plain),
        s3StagedEncrypted: staged(repos.s3.encrypted),
        s3PutPlain: put(repos.s3.plain),
        s3PutEncrypted: put(repos.s3.encrypted),
      },
      // Each run starts from empty repositories.
      {
        rounds: opts.rounds,
        prepare: () => Promise.all([posix.removePrefix("c/"), s3.removePrefix("c/")]).then(() => undefined),
        log: opts.log,
      },
    );
    return {
      mib: opts.mib,
      posixStaged: pair(spreads, "posixStagedPlain", "posixStagedEncrypted"),
      posixPut: pair(spreads, "posixPutPlain", "posixPutEncrypted"),
      s3Staged: pair(spreads, "s3StagedPlain", "s3StagedEncrypted", true),
      s3Put: pair(spreads, "s3PutPlain", "s3PutEncrypted", true),
    };
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.filename === process.argv[1]) {
  const figures = await benchEncryption({
    mib: Number(process.env.WAYBACK_BENCH_ENCRYPTION_MIB ?? 64),
    rounds: Number(process.env.WAYBACK_BENCH_ROUNDS ?? 3),
    log: (m) => console.log(`bench: ${m}`),
  });
  console.log(JSON.stringify(figures, null, 2));
  for (const [name, p] of Object.entries(figures)) {
    if (typeof p === "object")
      console.log(`${name}: encrypted/plain wall ${p.ratio}x, CPU ${p.cpuRatio}x, minor faults ${p.plainFaults} -> ${p.encryptedFaults}`);
  }
}
