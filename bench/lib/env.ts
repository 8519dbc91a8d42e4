import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Queue } from "bullmq";
import { parseConfig, type Config } from "@/lib/config";
import { createDb, type Db } from "@/lib/db/client";
import { ensureCatalog } from "@/lib/embedded/catalog";
import { writeCliConfig } from "@/lib/embedded/cli-config";
import { buildCli, CLI_SCRIPT } from "../../scripts/build-cli";
import { redisUrl, startRedisServer, stopRedisServer } from "@/lib/embedded/redis-server";
import { createPgBinaries, type PgBinaries } from "@/lib/pg/binaries";
import { freePort } from "@/lib/pg/free-port";
import { destroyInstance, initInstance, startInstance, stopInstance, type InstanceSpec } from "@/lib/pg/instance";
import { resolveServerUser, type OsUser } from "@/lib/pg/os-user";
import { QUEUE_NAME } from "@/lib/queue/job-types";
import { createRedis, openQueue } from "@/lib/queue/redis";
import { createWorker, type WorkerProcess } from "@/worker/create-worker";

/**
 * A throwaway Wayback for measurements: its own catalog, Redis, worker (in this process) and a
 * source cluster, all under one temporary directory that `close()` removes.
 */
export interface BenchEnv {
  dir: string;
  bins: PgBinaries;
  osUser: OsUser | undefined;
  cfg: Config;
  db: Db;
  queue: Queue;
  source: { spec: InstanceSpec; password: string };
  close(): Promise<void>;
}

export async function startBenchEnv(log: (m: string) => void): Promise<BenchEnv> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-bench-"));
  // Undone in reverse by close(), or at once when starting fails half-way, so a failed start
  // leaves no catalog or Redis running.
  const undo: (() => Promise<unknown> | void)[] = [() => fs.rm(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const step of undo.reverse()) await step();
  };
  try {
    await fs.chmod(dir, 0o755);
    const bins = createPgBinaries();
    const osUser = await resolveServerUser("postgres");
    log("starting catalog and Redis");
    const catalog = await ensureCatalog({ dataDir: dir, port: await freePort(), password: "bench", bins, osUser });
    undo.push(() => stopInstance(catalog.instance.spec, "immediate"));
    const redis = { dir: path.join(dir, "redis"), port: await freePort(), password: "bench" };
    undo.push(() => stopRedisServer(redis));
    await startRedisServer(redis);
    const cliConfig = await writeCliConfig(path.join(dir, "wal.conf"), catalog.databaseUrl, osUser);
    const cfg = parseConfig({
      ...process.env,
      DATABASE_URL: catalog.databaseUrl,
      REDIS_URL: redisUrl(redis),
      WAYBACK_SECRET_KEY: randomBytes(32).toString("hex"),
      WAYBACK_REPO_ROOTS: dir,
      WAYBACK_SPOOL_DIR: path.join(dir, "spool"),
      WAYBACK_SUPERVISE_MS: "1000",
      WAYBACK_RESTORE_ROOTS: dir,
      WAYBACK_CLI_COMMAND: (await buildCli(), CLI_SCRIPT),
      WAYBACK_CLI_CONFIG: cliConfig,
      WAYBACK_LOG_LEVEL: "warn",
    });
    const db = createDb(cfg.databaseUrl);
    undo.push(() => db.$disconnect());
    const connection = createRedis(cfg.redisUrl, "producer");
    undo.push(() => connection.disconnect());
    const queue = openQueue(QUEUE_NAME, connection, cfg.queuePrefix);
    undo.push(() => queue.close());

    const password = randomBytes(12).toString("hex");
    const spec: InstanceSpec = { dataDir: path.join(dir, "source"), port: await freePort(), bins, osUser };
    log("creating the source cluster");
    undo.push(() => destroyInstance(spec));
    // Set up for pgBackRest too, as its users run it: the superuser over the socket without a
    // password (the socket directory is the server user's alone), and archiving on, with its
    // archive_command set once its stanza exists (setUpPgBackRest). Wayback logs in over TCP.
    await initInstance(spec, {
      superuserPassword: password,
      hba: "trust-local",
      settings: { shared_buffers: "256MB", max_wal_size: "4GB", checkpoint_timeout: "30min", archive_mode: "on", archive_command: "" },
    });
    await startInstance(spec);
    // Last, so close() stops it first, before the source and services it works with.
    const worker: WorkerProcess = createWorker(cfg, db);
    undo.push(() => worker.close());
    return { dir, bins, osUser, cfg, db, queue, source: { spec, password }, close };
  } catch (err) {
    await close();
    throw err;
  }
}
