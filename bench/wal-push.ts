import fs from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { freePort } from "@/lib/pg/free-port";
import { destroyInstance, initInstance, instanceLogPath, readLogTail, startInstance, type InstanceSpec } from "@/lib/pg/instance";
import { runProcess } from "@/lib/pg/run-process";
import { shareWalArea } from "@/lib/wal/archive-area";
import { archiveCommandFor } from "@/lib/wal/cli-commands";
import { buildCli, CLI_SCRIPT } from "../scripts/build-cli";
import { fileURLToPath } from "node:url";
import { shareRepositoryWithServers } from "@/lib/embedded/repository-permissions";
import { startBenchEnv, type BenchEnv } from "./lib/env";
import { ratio, timed } from "./lib/measure";

export interface WalPushFigures {
  segments: number;
  /** PostgreSQL's archiver working through a backlog with archive_command = wayback wal-push. */
  waybackMsPerSegment: number;
  /** The same with archive_command = cp. */
  cpMsPerSegment: number;
  ratio: number;
  /**
   * PostgreSQL's archiver with one segment at a time and nothing else waiting, from pg_switch_wal()
   * until pg_stat_archiver counts it (archive_command then archives each itself: no pusher).
   */
  oneAtATimeMs: number;
  /** One wal-push process per segment on files outside pg_wal (no pusher can help), the worker idle. */
  aloneMsPerSegment: number;
  /** `node -e 0` in the same run: the floor of any per-segment Node process, and a gauge of how busy the machine was. */
  nodeStartMs: number;
}

/**
 * The cost per segment of `wayback wal-push` as PostgreSQL runs it: a server with archiving
 * configured but no archive_command writes `count` segments, then archive_command is set and the
 * time until the archiver has archived them all is divided by their number; the same with `cp`,
 * in the same run (first, so no pusher of wayback's runs beside it). Then one segment at a time
 * through the archiver, and as a lone process beside node's own start.
 */
export async function benchWalPush(
  env: BenchEnv,
  repository: { id: string; path: string },
  log: (m: string) => void,
  count = 40,
): Promise<WalPushFigures> {
  const bundle = await buildCli();
  const password = "bench-archiver";
  const spec: InstanceSpec = { dataDir: path.join(env.dir, "archiver"), port: await freePort(), bins: env.bins, osUser: env.osUser };
  await initInstance(spec, {
    superuserPassword: password,
    hba: "scram",
    settings: { archive_mode: "on", archive_command: "", max_wal_size: "4GB", checkpoint_timeout: "30min" },
  });
  await startInstance(spec);
  const cpDir = path.join(env.dir, "archiver-cp");
  await fs.mkdir(cpDir);
  if (env.osUser) await fs.chown(cpDir, env.osUser.uid, env.osUser.gid);
  const client = new pg.Client({ host: "127.0.0.1", port: spec.port, user: "postgres", password, database: "postgres" });
  await client.connect();
  try {
    const cluster = await env.db.cluster.create({
      data: {
        name: "bench-archiver",
        host: "127.0.0.1",
        port: spec.port,
        database: "postgres",
        username: "postgres",
        sslmode: "disable",
        repositoryId: repository.id,
        walMode: "archive_command",
      },
    });
    // What a cluster check does for archive_command mode: the server's OS user can write the WAL area.
    await shareWalArea(repository.path, cluster.id);
    const archived = async () => Number((await client.query<{ n: string }>("SELECT archived_count AS n FROM pg_stat_archiver")).rows[0]!.n);
    /** Writes `count` full segments while nothing archives, then times `command` archiving them. */
    const drain = async (command: string) => {
      await client.query("CREATE TABLE IF NOT EXISTS wal_bench (v text)");
      for (let i = 0; i < count; i++) {
        await client.query("INSERT INTO wal_bench SELECT md5(g::text) FROM generate_series(1, 20000) g");
        await client.query("SELECT pg_switch_wal()");
      }
      const goal = (await archived()) + count;
      return timed(async () => {
        await client.query(`ALTER SYSTEM SET archive_command = '${command.replaceAll("'", "''")}'`);
        await client.query("SELECT pg_reload_conf()");
        for (;;) {
          const stats = (await client.query<{ failed: string }>("SELECT failed_count AS failed FROM pg_stat_archiver")).rows[0]!;
          if (Number(stats.failed) > 0)
            throw new Error(`archive_command failed: ${command}\n${await readLogTail(instanceLogPath(spec), 20)}`);
          if ((await archived()) >= goal) break;
          await sleep(10);
        }
        await client.query("ALTER SYSTEM SET archive_command = ''");
        await client.query("SELECT pg_reload_conf()");
      });
    };

    log(`archiver: ${count} segments through cp`);
    const cp = await drain(`cp %p ${cpDir}/%f`);
    const archiveCommand = archiveCommandFor({ command: CLI_SCRIPT, configFile: env.cfg.cli.configFile }, cluster.id);
    log(`archiver: ${count} segments through wayback wal-push`);
    const push = await drain(archiveCommand);

    log("archiver: one segment at a time through wayback wal-push");
    await client.query(`ALTER SYSTEM SET archive_command = '${archiveCommand.replaceAll("'", "''")}'`);
    await client.query("SELECT pg_reload_conf()");
    const oneAtATime: number[] = [];
    for (let i = 0; i < 6; i++) {
      await client.query("INSERT INTO wal_bench SELECT md5(g::text) FROM generate_series(1, 20000) g");
      const goal = (await archived()) + 1;
      const t = await timed(async () => {
        await client.query("SELECT pg_switch_wal()");
        while ((await archived()) < goal) await sleep(2);
      });
      oneAtATime.push(t.ms);
    }
    await client.query("ALTER SYSTEM SET archive_command = ''");
    await client.query("SELECT pg_reload_conf()");

    // Segments cp archived are real, complete and not yet in the repository; no archive_status
    // beside them, so wal-push archives each itself.
    log("wal-push alone, one segment at a time");
    const lone = (await fs.readdir(cpDir)).sort().slice(0, 5);
    // Not beside this run's own worker indexing what was just archived (pg_waldump on every segment).
    while ((await env.db.job.count({ where: { clusterId: cluster.id, type: "wal.index", status: { in: ["queued", "running"] } } })) > 0)
      await sleep(100);
    const alone =
      (
        await timed(async () => {
          for (const name of lone)
            await runProcess(process.execPath, [
              bundle,
              "wal-push",
              "--cluster",
              cluster.id,
              "--config",
              env.cfg.cli.configFile!,
              path.join(cpDir, name),
            ]);
        })
      ).ms / lone.length;
    const nodeStart =
      (
        await timed(async () => {
          for (let i = 0; i < 5; i++) await runProcess(process.execPath, ["-e", "0"]);
        })
      ).ms / 5;

    const per = (ms: number) => Math.round((ms / count) * 10) / 10;
    return {
      segments: count,
      waybackMsPerSegment: per(push.ms),
      cpMsPerSegment: per(cp.ms),
      ratio: ratio(push.ms, cp.ms),
      oneAtATimeMs: Math.round(oneAtATime.reduce((a, b) => a + b, 0) / oneAtATime.length),
      aloneMsPerSegment: Math.round(alone),
      nodeStartMs: Math.round(nodeStart),
    };
  } finally {
    await client.end();
    await destroyInstance(spec);
  }
}

/**
 * `node --import tsx bench/wal-push.ts`: this part alone, on a throwaway Wayback, with a repository
 * set up as the embedded default's (WAYBACK_BENCH_WAL_SEGMENTS segments, 10 by default).
 */
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const log = (m: string) => console.error(`bench: ${m}`);
  const env = await startBenchEnv(log);
  try {
    const dir = path.join(env.dir, "repo");
    await shareRepositoryWithServers(dir, env.osUser);
    const repository = await env.db.repository.create({ data: { name: "bench", kind: "posix", path: dir } });
    console.log(
      JSON.stringify(await benchWalPush(env, { id: repository.id, path: dir }, log, Number(process.env.WAYBACK_BENCH_WAL_SEGMENTS ?? 10))),
    );
  } finally {
    await env.close();
  }
}
