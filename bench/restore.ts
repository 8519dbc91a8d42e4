import fs from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { postgresTime, recoverySettings } from "@/lib/domain/recovery-settings";
import type { Backup, Repository } from "@/lib/db/generated/client";
import { freePort } from "@/lib/pg/free-port";
import { adoptDataDirectory, destroyInstance, startInstance, type InstanceSpec, type Settings } from "@/lib/pg/instance";
import { withPgPass } from "@/lib/pg/pgpass";
import { runProcess } from "@/lib/pg/run-process";
import { backupPrefix } from "@/lib/storage/layout";
import { requestRestore } from "@/lib/restores/request-restore";
import { restoreRequestInput } from "@/lib/domain/restore-input";
import { restoreCommandFor } from "@/lib/wal/cli-commands";
import { watchRecovery } from "@/lib/restores/watch-recovery";
import type { BenchEnv } from "./lib/env";
import { timed } from "./lib/measure";
import type { PgBackRest } from "./lib/pgbackrest";
import { runRounds, type Spread } from "./lib/rounds";
import { currentSegno, querySource, querySourceRow, settleSource, waitForWaybackArchive } from "./lib/source";

export interface RestoreFigures {
  writeSeconds: number;
  walSegments: number;
  wayback: Spread;
  waybackBase: Spread;
  waybackReplay: Spread;
  byHand: Spread;
  pgbackrest: Spread;
}

const RECOVERY_TIMEOUT_MS = 30 * 60_000;
/** Created one second after the target: a copy that has it did not stop at the target. */
const AFTER_TARGET = "after_target";

/**
 * `writeSeconds` of pgbench writes, then the target time, then a table created after it, with
 * the WAL holding it archived by both Wayback (streamed and indexed) and pgBackRest.
 */
export async function writeToTarget(env: BenchEnv, clusterId: string, writeSeconds: number, log: (m: string) => void) {
  const { spec, password } = env.source;
  log(`pgbench writes for ${writeSeconds} s`);
  await withPgPass([{ host: "127.0.0.1", port: spec.port, user: "postgres", password }], async (e) =>
    runProcess(
      await env.bins.path("pgbench"),
      ["-h", "127.0.0.1", "-p", String(spec.port), "-U", "postgres", "-n", "-c", "2", "-T", String(writeSeconds), "postgres"],
      { env: e, timeoutMs: (writeSeconds + 120) * 1000 },
    ),
  );
  const { t } = await querySourceRow<{ t: string }>(
    env.source,
    `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`,
  );
  await sleep(1100);
  await querySource(env.source, `CREATE TABLE ${AFTER_TARGET} AS SELECT 1 AS x`);
  const wanted = await currentSegno(env.source);
  await querySource(env.source, "SELECT pg_switch_wal()");
  log("waiting for Wayback's archive to hold and index the WAL");
  await waitForWaybackArchive(env, clusterId, wanted);
  const walSegments = await env.db.walSegment.count({ where: { clusterId, segno: { gt: wanted - 10_000n } } });
  return { time: t, walSegments };
}

/** Untimed: the copy on `port` must have stopped at the target, as every side was asked to. */
async function assertStoppedAtTarget(env: BenchEnv, side: string, port: number): Promise<void> {
  const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", password: env.source.password, database: "postgres" });
  await client.connect();
  try {
    const { rows } = await client.query<{ found: string | null }>(`SELECT to_regclass('${AFTER_TARGET}')::text AS found`);
    if (rows[0]!.found !== null)
      throw new Error(`The ${side} restore went past its target: ${AFTER_TARGET}, created after it, is in the copy.`);
  } finally {
    await client.end();
  }
}

/** Starts a restored data directory as `spec` with `settings` and waits until it is promoted. */
export async function startAndPromote(env: BenchEnv, spec: InstanceSpec, settings: Settings): Promise<void> {
  await adoptDataDirectory(spec, settings);
  await startInstance(spec, { timeoutMs: RECOVERY_TIMEOUT_MS });
  await watchRecovery({
    spec,
    login: { user: "postgres", password: env.source.password, database: "postgres" },
    pauseAtTarget: false,
    signal: AbortSignal.timeout(RECOVERY_TIMEOUT_MS),
  });
}

/** Times `restore` into a fresh instance at `name`, checks the copy, and removes it. */
export async function measureCopy(env: BenchEnv, name: string, restore: (spec: InstanceSpec) => Promise<void>) {
  const spec: InstanceSpec = { dataDir: path.join(env.dir, "restores", name), port: await freePort(), bins: env.bins, osUser: env.osUser };
  await fs.mkdir(spec.dataDir, { recursive: true, mode: 0o700 });
  if (env.osUser) await fs.chown(spec.dataDir, env.osUser.uid, env.osUser.gid);
  const run = await timed(() => restore(spec));
  await assertStoppedAtTarget(env, name, spec.port);
  await destroyInstance(spec);
  return { ms: run.ms };
}

/** The Wayback restore job, enqueue to complete (a new instance, promoted). */
export async function waybackRestore(env: BenchEnv, clusterId: string, time: string, userId: string) {
  const run = await timed(async () => {
    const input = restoreRequestInput.parse({ target: { kind: "time", time } });
    const { restore } = await requestRestore(env.db, env.queue, {
      clusterId,
      input,
      userId,
      restore: { roots: [path.join(env.dir, "restores")], ports: { from: 57_000, to: 57_099 } },
    });
    for (;;) {
      const r = await env.db.restore.findUniqueOrThrow({ where: { id: restore!.id } });
      if (r.status === "complete") return r;
      if (r.status === "failed") throw new Error(`restore failed: ${r.error}\n${r.logTail}`);
      await sleep(100);
    }
  });
  await assertStoppedAtTarget(env, "Wayback", run.value.port!);
  await destroyInstance({ dataDir: run.value.dataDir!, port: run.value.port!, bins: env.bins, osUser: env.osUser });
  return { ms: run.ms, baseMs: run.value.baseMs ?? 0, replayMs: run.value.replayMs ?? 0 };
}

/** The same restore by hand: extract Wayback's tar files, the same recovery settings, start. */
function handRestore(env: BenchEnv, backup: Backup & { repository: Repository }, time: string) {
  if (backup.repository.path === null) throw new Error("The by-hand restore reads the files of a posix repository.");
  const repoDir = path.join(backup.repository.path, backupPrefix(backup.clusterId, backup.id));
  return measureCopy(env, "by-hand", async (spec) => {
    await fs.mkdir(path.join(spec.dataDir, "pg_wal"), { mode: 0o700 });
    await Promise.all([
      runProcess("tar", ["--use-compress-program=zstd -d", "-x", "-f", path.join(repoDir, "base.tar.zst"), "-C", spec.dataDir]),
      runProcess("tar", ["-x", "-f", path.join(repoDir, "pg_wal.tar"), "-C", path.join(spec.dataDir, "pg_wal")]),
    ]);
    await fs.writeFile(path.join(spec.dataDir, "recovery.signal"), "");
    const restoreCommand = restoreCommandFor(env.cfg.cli, backup.clusterId);
    await startAndPromote(
      env,
      spec,
      recoverySettings({
        target: { target: "time", value: time, inclusive: true },
        timeline: backup.timeline!,
        restoreCommand,
        pauseAtTarget: false,
      }),
    );
  });
}

/** pgBackRest's restore to the time (it picks the backup), then the copy started until promoted. */
function pgBackRestRestore(env: BenchEnv, pgbackrest: PgBackRest, time: string) {
  return measureCopy(env, "pgbackrest", async (spec) => {
    await pgbackrest.restoreToTime(spec.dataDir, postgresTime(time));
    await startAndPromote(env, spec, {});
  });
}

/**
 * Restore to a timestamp after `writeSeconds` of pgbench writes: the Wayback restore job against
 * the same restore by hand and pgBackRest's restore to the same time, each timed until the copy is
 * promoted, `rounds` times in rotating order.
 */
export async function benchRestore(
  env: BenchEnv,
  pgbackrest: PgBackRest,
  clusterId: string,
  opts: { writeSeconds: number; rounds: number; log: (m: string) => void },
): Promise<RestoreFigures> {
  const { time, walSegments } = await writeToTarget(env, clusterId, opts.writeSeconds, opts.log);
  const backup = await env.db.backup.findFirstOrThrow({
    where: { clusterId, status: "complete" },
    orderBy: { startedAt: "desc" },
    include: { repository: true },
  });
  await fs.mkdir(path.join(env.dir, "restores"), { recursive: true });
  const user = await env.db.user.upsert({
    where: { username: "bench" },
    create: { username: "bench", passwordHash: "x", role: "admin" },
    update: {},
  });

  const figures = await runRounds(
    {
      wayback: () => waybackRestore(env, clusterId, time, user.id),
      byHand: () => handRestore(env, backup, time),
      pgbackrest: () => pgBackRestRestore(env, pgbackrest, time),
    },
    { rounds: opts.rounds, prepare: () => settleSource(env, clusterId), log: (m) => opts.log(`restore ${m}`) },
  );
  return {
    writeSeconds: opts.writeSeconds,
    walSegments,
    wayback: figures.wayback.ms,
    waybackBase: figures.wayback.baseMs,
    waybackReplay: figures.wayback.replayMs,
    byHand: figures.byHand.ms,
    pgbackrest: figures.pgbackrest.ms,
  };
}
