import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { runProcess } from "@/lib/pg/run-process";
import { buildCli } from "../scripts/build-cli";
import type { BenchEnv } from "./lib/env";
import { ratio, timed } from "./lib/measure";

export interface WalPushFigures {
  segments: number;
  waybackMsPerSegment: number;
  cpMsPerSegment: number;
  ratio: number;
}

/**
 * `wayback wal-push` as PostgreSQL runs it (one process per segment, sequentially) against `cp`
 * of the same segments, in the same run.
 */
export async function benchWalPush(env: BenchEnv, clusterId: string, log: (m: string) => void, count = 20): Promise<WalPushFigures> {
  const bundle = await buildCli();
  const conf = path.join(env.dir, "wal.conf");
  await fs.writeFile(conf, `DATABASE_URL=${env.cfg.databaseUrl}\n`, { mode: 0o600 });

  // Real, full segments: written and switched one by one, each copied out of pg_wal as soon as
  // it is complete (a checkpoint may recycle it afterwards).
  const walDir = path.join(env.source.spec.dataDir, "pg_wal");
  const work = path.join(env.dir, "wal-bench");
  await fs.mkdir(path.join(work, "src"), { recursive: true });
  await fs.mkdir(path.join(work, "cp"), { recursive: true });
  const client = new pg.Client({ host: "127.0.0.1", port: env.source.spec.port, user: "postgres", password: env.source.password, database: "postgres" });
  await client.connect();
  const names: string[] = [];
  try {
    await client.query("CREATE TABLE IF NOT EXISTS wal_bench (v text)");
    for (let i = 0; i < count; i++) {
      await client.query("INSERT INTO wal_bench SELECT md5(g::text) FROM generate_series(1, 20000) g");
      const { rows } = await client.query<{ name: string }>("SELECT pg_walfile_name(pg_current_wal_lsn()) AS name");
      await client.query("SELECT pg_switch_wal()");
      names.push(rows[0]!.name);
      await fs.copyFile(path.join(walDir, rows[0]!.name), path.join(work, "src", rows[0]!.name));
    }
  } finally {
    await client.end();
  }

  log(`wal-push of ${names.length} segments`);
  const push = await timed(async () => {
    for (const n of names) {
      await runProcess(process.execPath, [bundle, "wal-push", "--cluster", clusterId, "--config", conf, path.join(work, "src", n)]);
    }
  });
  log(`cp of the same ${names.length} segments`);
  const cp = await timed(async () => {
    for (const n of names) await runProcess("cp", [path.join(work, "src", n), path.join(work, "cp", n)]);
  });
  await fs.rm(work, { recursive: true, force: true });
  const per = (ms: number) => Math.round((ms / names.length) * 10) / 10;
  return { segments: names.length, waybackMsPerSegment: per(push.ms), cpMsPerSegment: per(cp.ms), ratio: ratio(push.ms, cp.ms) };
}
