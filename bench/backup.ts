import fs from "node:fs/promises";
import path from "node:path";
import { requestBackup } from "@/lib/backups/request-backup";
import { createCluster } from "@/lib/clusters/create-cluster";
import { shareRepositoryWithServers } from "@/lib/embedded/repository-permissions";
import { withPgPass } from "@/lib/pg/pgpass";
import { runProcess } from "@/lib/pg/run-process";
import type { BenchEnv } from "./lib/env";
import { ratio, timed } from "./lib/measure";

export interface BackupFigures {
  clusterId: string;
  repository: { id: string; path: string };
  databaseBytes: number;
  plainMs: number;
  waybackTotalMs: number;
  waybackCopyMs: number;
  waybackVerifyMs: number;
  copyRatio: number;
  totalRatio: number;
}

/**
 * The Wayback backup job end to end (enqueue → complete, verification included and reported
 * separately) against plain `pg_basebackup -Ft --compress=server-zstd:workers=2` of the same
 * cluster, in the same run.
 */
export async function benchBackup(env: BenchEnv, log: (m: string) => void): Promise<BackupFigures> {
  const { spec, password } = env.source;
  const pass = [{ host: "127.0.0.1", port: spec.port, user: "postgres", password }];
  const conn = ["-h", "127.0.0.1", "-p", String(spec.port), "-U", "postgres"];
  const repoDir = path.join(env.dir, "repo");
  await shareRepositoryWithServers(repoDir, env.osUser);
  const repo = await env.db.repository.create({ data: { name: "bench", kind: "posix", path: repoDir } });
  const { id: clusterId } = await createCluster(env.db, {
    input: { name: "bench", host: "127.0.0.1", port: spec.port, username: "postgres", password, sslmode: "disable", repositoryId: repo.id, walMode: "streaming" },
    secretKey: env.cfg.secretKey,
  });
  const size = await withPgPass(pass, async (e) =>
    runProcess(await env.bins.path("psql"), [...conn, "--no-password", "-At", "-c", "SELECT pg_database_size('postgres')", "postgres"], { env: e }),
  );
  const databaseBytes = Number(size.stdout.trim());

  log("plain pg_basebackup (server-side zstd, 2 workers)");
  const plainDir = path.join(env.dir, "plain");
  const plain = await timed(() =>
    withPgPass(pass, async (e) =>
      runProcess(await env.bins.path("pg_basebackup"), [...conn, "--no-password", "-D", plainDir, "-Ft", "-X", "stream", "--checkpoint=fast", "--compress=server-zstd:workers=2"], { env: e }),
    ),
  );
  await fs.rm(plainDir, { recursive: true, force: true });

  log("Wayback backup job");
  const wayback = await timed(async () => {
    const job = await requestBackup(env.db, env.queue, clusterId);
    for (;;) {
      const row = await env.db.job.findUniqueOrThrow({ where: { id: job.id } });
      if (row.status === "succeeded") return job.id;
      if (row.status === "failed") throw new Error(`backup failed: ${row.error}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  const backup = await env.db.backup.findUniqueOrThrow({ where: { jobId: wayback.value } });
  const copyMs = backup.copyMs ?? 0;
  return {
    clusterId,
    repository: { id: repo.id, path: repoDir },
    databaseBytes,
    plainMs: Math.round(plain.ms),
    waybackTotalMs: Math.round(wayback.ms),
    waybackCopyMs: copyMs,
    waybackVerifyMs: backup.verifyMs ?? 0,
    copyRatio: ratio(copyMs, plain.ms),
    totalRatio: ratio(wayback.ms, plain.ms),
  };
}
