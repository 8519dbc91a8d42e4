import fs from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { requestBackup } from "@/lib/backups/request-backup";
import { withPgPass } from "@/lib/pg/pgpass";
import { runProcess } from "@/lib/pg/run-process";
import { benchBackupS3, type BackupS3Figures } from "./backup-s3";
import type { BenchEnv } from "./lib/env";
import { timed } from "./lib/measure";
import type { PgBackRest } from "./lib/pgbackrest";
import { runRounds, type Spread } from "./lib/rounds";
import { querySourceRow, settleSource } from "./lib/source";
import { benchPosixRepository, registerSource } from "./lib/register-source";

export interface BackupFigures {
  clusterId: string;
  repository: { id: string; path: string };
  databaseBytes: number;
  plain: Spread;
  pgbackrest: Spread;
  waybackTotal: Spread;
  waybackCopy: Spread;
  waybackVerify: Spread;
  /** The same cluster backed up into S3 by a worker process of its own (bench/backup-s3.ts). */
  s3: BackupS3Figures;
}

/** Plain `pg_basebackup -Ft --compress=server-zstd:workers=2`, thrown away afterwards. */
async function plainBasebackup(env: BenchEnv) {
  const { spec, password } = env.source;
  const dir = path.join(env.dir, "plain");
  const run = await timed(() =>
    withPgPass([{ host: "127.0.0.1", port: spec.port, user: "postgres", password }], async (e) =>
      runProcess(
        await env.bins.path("pg_basebackup"),
        [
          "-h",
          "127.0.0.1",
          "-p",
          String(spec.port),
          "-U",
          "postgres",
          "--no-password",
          "-D",
          dir,
          "-Ft",
          "-X",
          "stream",
          "--checkpoint=fast",
          "--compress=server-zstd:workers=2",
        ],
        { env: e, timeoutMs: 3_600_000 },
      ),
    ),
  );
  await fs.rm(dir, { recursive: true, force: true });
  return { ms: run.ms };
}

/** The Wayback backup job, enqueue to succeeded (verification included, and reported apart). */
async function waybackBackup(env: BenchEnv, clusterId: string) {
  const run = await timed(async () => {
    const job = await requestBackup(env.db, env.queue, clusterId);
    for (;;) {
      const row = await env.db.job.findUniqueOrThrow({ where: { id: job.id } });
      if (row.status === "succeeded") return env.db.backup.findUniqueOrThrow({ where: { jobId: job.id } });
      if (row.status === "failed") throw new Error(`backup failed: ${row.error}`);
      await sleep(50);
    }
  });
  return { ms: run.ms, copyMs: run.value.copyMs ?? 0, verifyMs: run.value.verifyMs ?? 0 };
}

/** pgBackRest's full backup (its WAL archive check included). */
async function pgBackRestBackup(pgbackrest: PgBackRest) {
  return { ms: (await timed(() => pgbackrest.backupFull())).ms };
}

/**
 * The Wayback backup job end to end against plain pg_basebackup and pgBackRest's full backup of
 * the same cluster, `rounds` times each in rotating order, each run after a CHECKPOINT.
 */
export async function benchBackup(env: BenchEnv, pgbackrest: PgBackRest, rounds: number, log: (m: string) => void): Promise<BackupFigures> {
  const repoDir = path.join(env.dir, "repo");
  const repo = await benchPosixRepository(env, { name: "bench", dir: repoDir });
  const clusterId = await registerSource(env, { name: "bench", repositoryId: repo.id });
  const { bytes } = await querySourceRow<{ bytes: string }>(env.source, "SELECT pg_database_size('postgres') AS bytes");

  const figures = await runRounds(
    { plain: () => plainBasebackup(env), pgbackrest: () => pgBackRestBackup(pgbackrest), wayback: () => waybackBackup(env, clusterId) },
    { rounds, prepare: () => settleSource(env, clusterId), log: (m) => log(`backup ${m}`) },
  );
  return {
    clusterId,
    repository: { id: repo.id, path: repoDir },
    databaseBytes: Number(bytes),
    plain: figures.plain.ms,
    pgbackrest: figures.pgbackrest.ms,
    waybackTotal: figures.wayback.ms,
    waybackCopy: figures.wayback.copyMs,
    waybackVerify: figures.wayback.verifyMs,
    s3: await benchBackupS3(env, rounds, log),
  };
}
