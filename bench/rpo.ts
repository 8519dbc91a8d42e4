// Lose seconds, not segments (issue 19): pgbench writes a ledger on a small cluster of its own, the
// server is killed (-9) under load and its data directory removed, Wayback restores "latest" from
// the repository. Measured: the RPO (the last commit pgbench saw acknowledged − the newest
// commit in the restored copy) and the transactions lost, with asynchronous receive (target ≤ 5 s)
// and synchronous receive (target 0 lost); pgbench's TPS with synchronous receive against without.
// Run alone: node --import tsx bench/rpo.ts
import fs from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { requestBackup } from "@/lib/backups/request-backup";
import { createCluster } from "@/lib/clusters/create-cluster";
import { RECEIVER_APPLICATION_NAME } from "@/lib/domain/synchronous-receive";
import { restoreRequestInput } from "@/lib/domain/restore-input";
import { shareRepositoryWithServers } from "@/lib/embedded/repository-permissions";
import { freePort } from "@/lib/pg/free-port";
import { destroyInstance, initInstance, startInstance, type InstanceSpec } from "@/lib/pg/instance";
import { requestRestore } from "@/lib/restores/request-restore";
import { LEDGER_TABLE, runLedger } from "@/test/rpo/ledger";
import { startBenchEnv, type BenchEnv } from "./lib/env";
import { until } from "./lib/until";

export interface RpoFigures {
  async: { rpoSeconds: number; lost: number; committed: number };
  sync: { rpoSeconds: number; lost: number; committed: number };
  tps: { async: number | null; sync: number | null; ratio: number | null };
  targets: string;
}

const PASSWORD = "rpo-bench";
const LOAD_SECONDS_BEFORE_KILL = 8;

export async function benchRpo(env: BenchEnv, log: (m: string) => void): Promise<RpoFigures> {
  const repoDir = path.join(env.dir, "rpo-repo");
  await shareRepositoryWithServers(repoDir, env.osUser);
  const repository = await env.db.repository.create({ data: { name: "rpo-bench", kind: "posix", path: repoDir } });
  const user = await env.db.user.upsert({
    where: { username: "bench" },
    create: { username: "bench", passwordHash: "x", role: "admin" },
    update: {},
  });
  const one = (synchronous: boolean) => killAndRestore(env, { synchronous, repositoryId: repository.id, userId: user.id, log });
  const a = await one(false);
  const s = await one(true);
  return {
    async: a.figures,
    sync: s.figures,
    tps: { async: a.tps, sync: s.tps, ratio: a.tps && s.tps ? Number((s.tps / a.tps).toFixed(2)) : null },
    targets: "RPO ≤ 5 s asynchronous, 0 transactions lost synchronous",
  };
}

async function killAndRestore(
  env: BenchEnv,
  opts: { synchronous: boolean; repositoryId: string; userId: string; log: (m: string) => void },
): Promise<{ figures: RpoFigures["async"]; tps: number | null }> {
  const mode = opts.synchronous ? "sync" : "async";
  const dir = path.join(env.dir, `rpo-${mode}`);
  await fs.mkdir(dir, { recursive: true });
  const spec: InstanceSpec = { dataDir: path.join(dir, "data"), port: await freePort(), bins: env.bins, osUser: env.osUser };
  await initInstance(spec, { superuserPassword: PASSWORD, hba: "scram", replication: true });
  await startInstance(spec);
  const server = { host: "127.0.0.1", port: spec.port, user: "postgres", password: PASSWORD };
  const sql = async <T>(text: string) => {
    const c = new pg.Client({ ...server, database: "postgres" });
    await c.connect();
    try {
      return (await c.query(text)).rows as T[];
    } finally {
      await c.end();
    }
  };
  try {
    const { id: clusterId } = await createCluster(env.db, {
      input: {
        name: `rpo-${mode}`,
        ...{ host: server.host, port: server.port, username: "postgres", password: PASSWORD },
        sslmode: "disable",
        repositoryId: opts.repositoryId,
        walMode: "streaming",
        synchronousReceive: opts.synchronous,
      },
      secretKey: env.cfg.secretKey,
    });
    await until(async () => {
      const r = await env.db.walReceiver.findUnique({ where: { clusterId } });
      return r?.state === "streaming" ? { done: true } : { done: false, missing: `the ${mode} receiver to stream` };
    });
    const backup = await requestBackup(env.db, env.queue, clusterId);
    await until(async () => {
      const j = await env.db.job.findUniqueOrThrow({ where: { id: backup.id } });
      if (j.status === "failed") throw new Error(`backup failed: ${j.error}`);
      return j.status === "succeeded" ? { done: true } : { done: false, missing: "the backup" };
    });
    await sql(LEDGER_TABLE);
    if (opts.synchronous) {
      await sql(`ALTER SYSTEM SET synchronous_standby_names = '"${RECEIVER_APPLICATION_NAME}"'`);
      await sql("SELECT pg_reload_conf()");
      await until(async () => {
        const rows = await sql<{ s: string }>(
          `SELECT sync_state AS s FROM pg_stat_replication WHERE application_name = '${RECEIVER_APPLICATION_NAME}'`,
        );
        return rows[0]?.s === "sync" ? { done: true } : { done: false, missing: "the receiver to be the synchronous standby" };
      });
    }

    // Throughput first (a run that ends by itself reports TPS), then the crash under the same load.
    const tpsDir = path.join(dir, "tps");
    await fs.mkdir(tpsDir);
    const { tps } = await runLedger(env.bins, server, { dir: tpsDir, clients: 4, seconds: 10 });
    opts.log(`rpo (${mode}): pgbench ${tps} TPS; kill -9 after ${LOAD_SECONDS_BEFORE_KILL} s of load`);
    const crashDir = path.join(dir, "crash");
    await fs.mkdir(crashDir);
    const run = runLedger(env.bins, server, { dir: crashDir, clients: 4, seconds: 300 });
    await sleep(LOAD_SECONDS_BEFORE_KILL * 1000);
    const pid = Number((await fs.readFile(path.join(spec.dataDir, "postmaster.pid"), "utf8")).split("\n")[0]);
    process.kill(pid, "SIGKILL");
    const killedAt = Date.now();
    const { committed, lastCommitAt } = await run;
    await fs.rm(spec.dataDir, { recursive: true, force: true });
    await until(async () => {
      const r = await env.db.walReceiver.findUnique({ where: { clusterId } });
      return r && r.state !== "streaming" ? { done: true } : { done: false, missing: "the receiver to notice the server is gone" };
    });

    const { restore } = await requestRestore(env.db, env.queue, {
      clusterId,
      input: restoreRequestInput.parse({ target: { kind: "latest" } }),
      userId: opts.userId,
      restore: { roots: [env.dir], ports: { from: 57_100, to: 57_199 } },
    });
    const copy = await (async () => {
      for (;;) {
        const r = await env.db.restore.findUniqueOrThrow({ where: { id: restore!.id } });
        if (r.status === "complete") return r;
        if (r.status === "failed") throw new Error(`restore failed: ${r.error}`);
        await sleep(200);
      }
    })();
    const c = new pg.Client({ host: "127.0.0.1", port: copy.port!, user: "postgres", password: PASSWORD, database: "postgres" });
    await c.connect();
    const { rows } = await c.query("SELECT client, count(*)::int AS n, max(at) AS newest FROM rpo_ledger GROUP BY client");
    await c.end();
    await destroyInstance({ dataDir: copy.dataDir!, port: copy.port!, bins: env.bins, osUser: env.osUser });
    const restoredOf = new Map(rows.map((r: { client: number; n: number }) => [r.client, r.n]));
    const newest = Math.max(0, ...rows.map((r: { newest: Date }) => r.newest.getTime()));
    let lost = 0;
    for (const [client, n] of committed) lost += Math.max(0, n - (restoredOf.get(client) ?? 0));
    const seen = lastCommitAt?.getTime() ?? killedAt;
    const figures = {
      rpoSeconds: Number((Math.max(0, seen - newest) / 1000).toFixed(2)),
      lost,
      committed: [...committed.values()].reduce((x, y) => x + y, 0),
    };
    opts.log(`rpo (${mode}): ${figures.committed} transactions acknowledged, ${figures.lost} lost, RPO ${figures.rpoSeconds} s`);
    return { figures, tps };
  } finally {
    await destroyInstance(spec).catch(() => undefined);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const log = (m: string) => console.log(`bench: ${m}`);
  const env = await startBenchEnv(log);
  try {
    console.log(JSON.stringify(await benchRpo(env, log), null, 2));
  } finally {
    await env.close();
  }
}
