import fs from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { parseSegmentName } from "@/lib/domain/wal-segment";
import { recoverySettings } from "@/lib/domain/recovery-settings";
import { freePort } from "@/lib/pg/free-port";
import { adoptDataDirectory, destroyInstance, startInstance, type InstanceSpec } from "@/lib/pg/instance";
import { withPgPass } from "@/lib/pg/pgpass";
import { runProcess } from "@/lib/pg/run-process";
import { backupPrefix } from "@/lib/repo/layout";
import { requestRestore } from "@/lib/restores/request-restore";
import { restoreRequestInput } from "@/lib/restores/schemas";
import { restoreCommandFor } from "@/lib/wal/cli-commands";
import { watchRecovery } from "@/lib/restore/watch-recovery";
import type { BenchEnv } from "./lib/env";
import { ratio, timed } from "./lib/measure";

export interface RestoreFigures {
  writeSeconds: number;
  walSegments: number;
  waybackMs: number;
  waybackBaseMs: number;
  waybackReplayMs: number;
  handMs: number;
  ratio: number;
}

/**
 * Restore to a timestamp after `writeSeconds` of pgbench writes: the Wayback restore job (enqueue
 * to ready) against the same restore by hand — extract the tar files, write the same recovery
 * settings (the same restore_command), start PostgreSQL, wait for promotion — in the same run.
 */
export async function benchRestore(env: BenchEnv, clusterId: string, log: (m: string) => void, writeSeconds: number): Promise<RestoreFigures> {
  const { spec, password } = env.source;
  const pass = [{ host: "127.0.0.1", port: spec.port, user: "postgres", password }];
  const query = async (sql: string) => {
    const c = new pg.Client({ host: "127.0.0.1", port: spec.port, user: "postgres", password, database: "postgres" });
    await c.connect();
    try {
      return (await c.query(sql)).rows;
    } finally {
      await c.end();
    }
  };

  log(`pgbench writes for ${writeSeconds} s`);
  await withPgPass(pass, async (e) =>
    runProcess(await env.bins.path("pgbench"), ["-h", "127.0.0.1", "-p", String(spec.port), "-U", "postgres", "-n", "-c", "2", "-T", String(writeSeconds), "postgres"], { env: e, timeoutMs: (writeSeconds + 120) * 1000 }),
  );
  const [{ t }] = await query(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`);
  await sleep(1100);
  await query("CREATE TABLE after_target AS SELECT 1 AS x");
  const [{ name }] = await query("SELECT pg_walfile_name(pg_current_wal_lsn()) AS name");
  await query("SELECT pg_switch_wal()");
  const wanted = parseSegmentName(name).segno;
  log("waiting for the archive to hold and index the WAL");
  for (;;) {
    const have = await env.db.walSegment.count({ where: { clusterId, segno: { gte: wanted } } });
    const unread = await env.db.walSegment.count({ where: { clusterId, indexedAt: null } });
    if (have > 0 && unread === 0) break;
    await sleep(500);
  }
  const backup = await env.db.backup.findFirstOrThrow({ where: { clusterId, status: "complete" }, orderBy: { startedAt: "desc" }, include: { files: true, repository: true } });
  const walSegments = await env.db.walSegment.count({ where: { clusterId, segno: { gt: parseSegmentName(name).segno - 10_000n } } });
  const restoreRoot = path.join(env.dir, "restores");
  await fs.mkdir(restoreRoot, { recursive: true });

  log("Wayback restore job");
  const user = await env.db.user.upsert({ where: { username: "bench" }, create: { username: "bench", passwordHash: "x", role: "admin" }, update: {} });
  const wayback = await timed(async () => {
    const input = restoreRequestInput.parse({ target: { kind: "time", time: t } });
    const { restore } = await requestRestore(env.db, env.queue, { clusterId, input, userId: user.id, restore: { roots: [restoreRoot], ports: { from: 57_000, to: 57_099 } } });
    for (;;) {
      const r = await env.db.restore.findUniqueOrThrow({ where: { id: restore!.id } });
      if (r.status === "complete") return r;
      if (r.status === "failed") throw new Error(`restore failed: ${r.error}\n${r.logTail}`);
      await sleep(100);
    }
  });
  await destroyInstance({ dataDir: wayback.value.dataDir, port: wayback.value.port, bins: env.bins, osUser: env.osUser });

  log("the same restore by hand");
  const handSpec: InstanceSpec = { dataDir: path.join(restoreRoot, "by-hand"), port: await freePort(), bins: env.bins, osUser: env.osUser };
  const repoDir = path.join(backup.repository.path, backupPrefix(clusterId, backup.id));
  const hand = await timed(async () => {
    await fs.mkdir(path.join(handSpec.dataDir, "pg_wal"), { recursive: true, mode: 0o700 });
    await Promise.all([
      runProcess("tar", ["--use-compress-program=zstd -d", "-x", "-f", path.join(repoDir, "base.tar.zst"), "-C", handSpec.dataDir]),
      runProcess("tar", ["-x", "-f", path.join(repoDir, "pg_wal.tar"), "-C", path.join(handSpec.dataDir, "pg_wal")]),
    ]);
    await fs.writeFile(path.join(handSpec.dataDir, "recovery.signal"), "");
    const settings = recoverySettings({ target: { target: "time", value: t, inclusive: true }, timeline: backup.timeline!, restoreCommand: restoreCommandFor(env.cfg.cli, clusterId), pauseAtTarget: false });
    await adoptDataDirectory(handSpec, settings);
    await startInstance(handSpec, { timeoutMs: 30 * 60_000 });
    await watchRecovery({ spec: handSpec, login: { user: "postgres", password, database: "postgres" }, pauseAtTarget: false, signal: AbortSignal.timeout(30 * 60_000) });
  });
  await destroyInstance(handSpec);

  return {
    writeSeconds,
    walSegments,
    waybackMs: Math.round(wayback.ms),
    waybackBaseMs: wayback.value.baseMs ?? 0,
    waybackReplayMs: wayback.value.replayMs ?? 0,
    handMs: Math.round(hand.ms),
    ratio: ratio(wayback.ms, hand.ms),
  };
}
