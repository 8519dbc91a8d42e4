// The backup job into an S3 repository (s3rver in a process of its own, on loopback), run by a
// worker process of its own so its peak RSS (the kernel's VmHWM: no sampling to miss the peak)
// is the worker's alone; against a plain @aws-sdk/lib-storage Upload of the same objects to the
// same server in the same run. The server is slow in its own right: the ratio is the figure.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { requestBackup } from "@/lib/backups/request-backup";
import { withPgPass } from "@/lib/pg/pgpass";
import { runProcess } from "@/lib/pg/run-process";
import { repositoryInput } from "@/lib/domain/repository-input";
import { QUEUE_NAME } from "@/lib/queue/job-types";
import { createRedis, openQueue } from "@/lib/queue/redis";
import { createRepository } from "@/lib/repositories/create-repository";
import { backupPrefix } from "@/lib/storage/layout";
import { createS3Repository } from "@/lib/storage/s3";
import { S3RVER_CREDENTIALS, s3rverSettings } from "@/test/harness/s3-server";
import { startBenchEnv, type BenchEnv } from "./lib/env";
import { ratio } from "./lib/measure";
import { runRounds, type Spread } from "./lib/rounds";
import { querySource } from "./lib/source";
import { startServerProcess } from "./s3";
import { registerSource } from "./lib/register-source";

export interface BackupS3Figures {
  storedBytes: number;
  ours: Spread;
  /** Of which the copy phase (pg_basebackup streaming into the bucket through the verifier) and the verify phase (manifest, WAL). */
  oursCopy: Spread;
  oursVerify: Spread;
  plain: Spread;
  ratio: number;
  /** The worker process's peak resident set over all its backups (VmHWM), MiB. */
  workerPeakRssMiB: number;
}

const PREFIX = "bench/";

export async function benchBackupS3(env: BenchEnv, rounds: number, log: (m: string) => void): Promise<BackupS3Figures> {
  const server = await startServerProcess("wayback-bench-backup");
  const settings = s3rverSettings(server.endpoint, server.bucket, PREFIX);
  const queuePrefix = "bench-s3";
  const connection = createRedis(env.cfg.redisUrl, "producer");
  const queue = openQueue(QUEUE_NAME, connection, queuePrefix);
  const worker = startWorkerProcess(env, queuePrefix);
  const local = path.join(env.dir, "s3-plain");
  try {
    const input = repositoryInput.parse({
      name: "bench-s3",
      kind: "s3",
      endpoint: server.endpoint,
      region: settings.region,
      bucket: server.bucket,
      prefix: PREFIX,
      forcePathStyle: true,
      ...S3RVER_CREDENTIALS,
    });
    const repo = await createRepository(env.db, { input, allowedRoots: [], secretKey: env.cfg.secretKey });
    // archive_command (pgBackRest's, already set): no receiver of ours streams into the server beside the backups.
    const clusterId = await registerSource(env, { name: "bench-s3", repositoryId: repo.id, walMode: "archive_command" });
    const backup = async () => {
      const start = performance.now();
      const job = await requestBackup(env.db, queue, clusterId);
      for (;;) {
        const row = await env.db.job.findUniqueOrThrow({ where: { id: job.id } });
        if (row.status === "succeeded") break;
        if (row.status === "failed") throw new Error(`backup to S3 failed: ${row.error}`);
        if (worker.exitCode !== null) throw new Error(`the worker process exited with code ${worker.exitCode}`);
        await sleep(50);
      }
      const ms = performance.now() - start;
      return { ms, row: await env.db.backup.findUniqueOrThrow({ where: { jobId: job.id }, include: { files: true } }) };
    };

    // One backup first: its objects, downloaded, are the bytes the plain upload sends.
    log("backup-s3: a first backup, whose objects the plain upload sends");
    const first = await backup();
    const objects = createS3Repository(settings, { scratchDir: local });
    await fs.mkdir(local, { recursive: true });
    for (const f of first.row.files) {
      await pipeline(await objects.get(`${backupPrefix(clusterId, first.row.id)}${f.name}`), createWriteStream(path.join(local, f.name)));
    }
    const client = new S3Client({
      region: settings.region,
      endpoint: server.endpoint,
      forcePathStyle: true,
      credentials: settings.credentials ?? undefined,
    });
    let n = 0;
    const figures = await runRounds(
      {
        ours: async () => {
          const { ms, row } = await backup();
          return { ms, copyMs: row.copyMs ?? 0, verifyMs: row.verifyMs ?? 0 };
        },
        plain: async () => {
          const start = performance.now();
          const at = `${PREFIX}plain-${++n}/`;
          for (const f of first.row.files) {
            await new Upload({
              client,
              params: { Bucket: server.bucket, Key: `${at}${f.name}`, Body: createReadStream(path.join(local, f.name)) },
            }).done();
          }
          return { ms: performance.now() - start };
        },
      },
      // Its WAL goes by archive_command, not into this server: a checkpoint is all there is to settle.
      { rounds, prepare: () => querySource(env.source, "CHECKPOINT").then(() => undefined), log: (m) => log(`backup-s3 ${m}`) },
    );
    return {
      storedBytes: Number(first.row.storedSizeBytes),
      ours: figures.ours.ms,
      oursCopy: figures.ours.copyMs,
      oursVerify: figures.ours.verifyMs,
      plain: figures.plain.ms,
      ratio: ratio(figures.ours.ms.median, figures.plain.ms.median),
      workerPeakRssMiB: await peakRssMiB(worker.pid!),
    };
  } finally {
    worker.kill("SIGTERM");
    if (worker.exitCode === null) await once(worker, "exit");
    await queue.close();
    connection.disconnect();
    await server.stop();
    await fs.rm(local, { recursive: true, force: true });
  }
}

/** `npm start`'s worker, on its own queue prefix so the bench's in-process worker never takes these jobs. */
function startWorkerProcess(env: BenchEnv, queuePrefix: string) {
  const root = path.resolve(import.meta.dirname, "..");
  return spawn(process.execPath, ["--import", "tsx", path.join(root, "worker/main.ts")], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: env.cfg.databaseUrl,
      REDIS_URL: env.cfg.redisUrl,
      WAYBACK_SECRET_KEY: env.cfg.secretKey.toString("hex"),
      WAYBACK_QUEUE_PREFIX: queuePrefix,
      WAYBACK_REPO_ROOTS: env.dir,
      WAYBACK_RESTORE_ROOTS: env.dir,
      WAYBACK_SPOOL_DIR: path.join(env.dir, "spool-s3"),
      WAYBACK_SUPERVISE_MS: "0",
      WAYBACK_MONITOR_INTERVAL_MS: "0",
      WAYBACK_CLI_COMMAND: env.cfg.cli.command,
      WAYBACK_CLI_CONFIG: env.cfg.cli.configFile,
      WAYBACK_LOG_LEVEL: "warn",
    },
  });
}

/** The kernel's high-water mark of the process's resident set. */
async function peakRssMiB(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, "utf8");
  const kb = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1]);
  return Math.round((kb / 1024) * 10) / 10;
}

// `node --import tsx bench/backup-s3.ts` runs this part alone (no pgBackRest needed), on a source
// of WAYBACK_BENCH_SCALE (100 by default, as npm run bench).
if (import.meta.filename === process.argv[1]) {
  const log = (m: string) => console.log(`bench: ${m}`);
  const env = await startBenchEnv(log);
  try {
    const { spec, password } = env.source;
    const scale = process.env.WAYBACK_BENCH_SCALE ?? "100";
    log(`pgbench -i -s ${scale}`);
    await withPgPass([{ host: "127.0.0.1", port: spec.port, user: "postgres", password }], async (e) =>
      runProcess(
        await env.bins.path("pgbench"),
        ["-h", "127.0.0.1", "-p", String(spec.port), "-U", "postgres", "-i", "-q", "-s", scale, "postgres"],
        { env: e, timeoutMs: 3_600_000 },
      ),
    );
    console.log(JSON.stringify(await benchBackupS3(env, Number(process.env.WAYBACK_BENCH_ROUNDS ?? 3), log), null, 2));
  } finally {
    await env.close();
  }
}
