// Restore to a timestamp from an S3 primary repository: the Wayback restore job against the same
// restore by hand with a plain S3 client (download the backup's objects into tar -x and every WAL
// object of the cluster, write the same recovery settings with `cp` as restore_command, start
// PostgreSQL until it is promoted), on the same loopback server in the same run. Goal: ≤ 1.2x.
// `npm run bench` runs it; `node --import tsx bench/s3-restore.ts` runs it alone on a source of
// its own (WAYBACK_BENCH_SCALE, 10 by default alone).
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { requestBackup } from "@/lib/backups/request-backup";
import type { Backup } from "@/lib/db/generated/client";
import type { S3Settings } from "@/lib/domain/s3-settings";
import { recoverySettings } from "@/lib/domain/recovery-settings";
import { backupPrefix, walPrefix } from "@/lib/storage/layout";
import { shellWord } from "@/lib/wal/cli-commands";
import { s3rverSettings } from "@/test/harness/s3-server";
import { initialiseAlone } from "./lib/alone";
import { startBenchEnv, type BenchEnv } from "./lib/env";
import { ratio } from "./lib/measure";
import { runRounds, type Spread } from "./lib/rounds";
import { s3PrimaryCluster } from "./lib/s3-primary";
import { startServerProcess } from "./s3";
import { settleSource } from "./lib/source";
import { until } from "./lib/until";
import { measureCopy, startAndPromote, waybackRestore, writeToTarget } from "./restore";

export interface S3RestoreFigures {
  writeSeconds: number;
  walSegments: number;
  backupBytes: number;
  wayback: Spread;
  waybackBase: Spread;
  waybackReplay: Spread;
  byHand: Spread;
  ratio: number;
}

export async function benchS3Restore(
  env: BenchEnv,
  opts: { writeSeconds: number; rounds: number; log: (m: string) => void },
): Promise<S3RestoreFigures> {
  const log = (m: string) => opts.log(`S3 restore: ${m}`);
  const server = await startServerProcess("wayback-bench-restore");
  try {
    const settings = s3rverSettings(server.endpoint, server.bucket, "restore/");
    const { clusterId } = await s3PrimaryCluster(env, settings, "bench-s3-restore");
    log(`backing up into ${server.endpoint}`);
    const backup = await backUp(env, clusterId);
    const { time, walSegments } = await writeToTarget(env, clusterId, opts.writeSeconds, log);
    const user = await env.db.user.upsert({
      where: { username: "bench" },
      create: { username: "bench", passwordHash: "x", role: "admin" },
      update: {},
    });
    const client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint!,
      forcePathStyle: true,
      credentials: settings.credentials!,
    });
    const figures = await runRounds(
      {
        wayback: () => waybackRestore(env, clusterId, time, user.id),
        byHand: () => handRestoreFromS3(env, client, settings, backup, time),
      },
      { rounds: opts.rounds, prepare: () => settleSource(env, clusterId), log },
    );
    return {
      writeSeconds: opts.writeSeconds,
      walSegments,
      backupBytes: Number(backup.storedSizeBytes ?? 0),
      wayback: figures.wayback.ms,
      waybackBase: figures.wayback.baseMs,
      waybackReplay: figures.wayback.replayMs,
      byHand: figures.byHand.ms,
      ratio: ratio(figures.wayback.ms.median, figures.byHand.ms.median),
    };
  } finally {
    await server.stop();
  }
}

/** A full backup by the worker into the cluster's repository, enqueue to succeeded. */
async function backUp(env: BenchEnv, clusterId: string): Promise<Backup> {
  const job = await requestBackup(env.db, env.queue, clusterId);
  await until(async () => {
    const row = await env.db.job.findUniqueOrThrow({ where: { id: job.id } });
    if (row.status === "failed") throw new Error(`backup failed: ${row.error}`);
    return row.status === "succeeded" ? { done: true } : { done: false, missing: `the backup job (${row.status})` };
  });
  return env.db.backup.findUniqueOrThrow({ where: { jobId: job.id } });
}

/**
 * What a careful user does with the bucket and no Wayback: every object of the backup streamed
 * from S3 into tar -x (zstd-decompressed when so named), every WAL and history object of the
 * cluster downloaded beside the copy, restore_command a plain cp, started until promoted.
 */
function handRestoreFromS3(env: BenchEnv, client: S3Client, settings: S3Settings, backup: Backup, time: string) {
  return measureCopy(env, "by-hand-s3", async (spec) => {
    const walDir = path.join(env.dir, "by-hand-s3-wal");
    await fs.rm(walDir, { recursive: true, force: true });
    await fs.mkdir(walDir, { recursive: true, mode: 0o755 });
    await fs.mkdir(path.join(spec.dataDir, "pg_wal"), { mode: 0o700 });
    const backupKeys = await listKeys(client, settings, backupPrefix(backup.clusterId, backup.id));
    const walKeys = await listKeys(client, settings, walPrefix(backup.clusterId));
    const extractions = backupKeys
      .filter((k) => /\.tar(\.zst)?$/.test(k))
      .map((key) => {
        const into = path.basename(key).startsWith("pg_wal.") ? path.join(spec.dataDir, "pg_wal") : spec.dataDir;
        const args = key.endsWith(".zst") ? ["--use-compress-program=zstd -d", "-x", "-C", into] : ["-x", "-C", into];
        return download(client, settings, key).then((body) => intoProcess(body, "tar", [...args, "--ignore-zeros"]));
      });
    const walDownloads = pool(walKeys, 4, async (key) =>
      pipeline(await download(client, settings, key), (await fs.open(path.join(walDir, path.basename(key)), "w")).createWriteStream()),
    );
    await Promise.all([...extractions, walDownloads]);
    await fs.writeFile(path.join(spec.dataDir, "recovery.signal"), "");
    await startAndPromote(
      env,
      spec,
      recoverySettings({
        target: { target: "time", value: time, inclusive: true },
        timeline: backup.timeline!,
        restoreCommand: `cp ${shellWord(walDir)}/%f "%p"`,
        pauseAtTarget: false,
      }),
    );
  });
}

async function listKeys(client: S3Client, settings: S3Settings, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: settings.bucket, Prefix: `${settings.prefix}${prefix}`, ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

async function download(client: S3Client, settings: S3Settings, key: string): Promise<Readable> {
  return (await client.send(new GetObjectCommand({ Bucket: settings.bucket, Key: key }))).Body as Readable;
}

/** `body` into the standard input of `command`, which must exit 0. */
async function intoProcess(body: Readable, command: string, args: string[]): Promise<void> {
  const child = spawn(command, args, { stdio: ["pipe", "ignore", "inherit"] });
  const exited = new Promise<void>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`))));
  });
  await Promise.all([pipeline(body, child.stdin), exited]);
}

/** `run` over `items`, at most `width` at a time. */
async function pool<T>(items: T[], width: number, run: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

if (import.meta.filename === process.argv[1]) {
  const log = (m: string) => console.log(`bench: ${m}`);
  const env = await startBenchEnv(log);
  try {
    await initialiseAlone(env, Number(process.env.WAYBACK_BENCH_SCALE ?? 10), log);
    const figures = await benchS3Restore(env, { writeSeconds: Number(process.env.WAYBACK_BENCH_WRITE_SECONDS ?? 60), rounds: 3, log });
    console.log(JSON.stringify(figures, null, 2));
  } finally {
    await env.close();
  }
}
