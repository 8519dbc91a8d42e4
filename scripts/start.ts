// `npm start`: services (embedded by default), catalog migrations, the admin user, the demo
// cluster, a production build when the sources changed, then the dashboard and the worker.
// The dashboard and the worker are restarted when they die; Ctrl-C stops everything this run started.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { ensureAdmin } from "@/lib/auth/ensure-admin";
import { requestBackup } from "@/lib/backups/request-backup";
import { parseConfig } from "@/lib/config";
import { createDb } from "@/lib/db/client";
import { ensureDemoInstance, registerDemoCluster } from "@/lib/embedded/demo-cluster";
import { writeCliConfig } from "@/lib/embedded/cli-config";
import { ensureLocalRepository } from "@/lib/embedded/local-repository";
import { shareRepositoryWithServers } from "@/lib/embedded/repository-permissions";
import { QUEUE_NAME } from "@/lib/queue/catalog";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { createRedis, openQueue } from "@/lib/queue/redis";
import { buildCli, CLI_SCRIPT } from "./build-cli";
import { ensureBuild } from "./lib/build";
import { startServices, stopPg } from "./lib/embedded";
import { supervise, type Supervised } from "./lib/supervise";

const root = path.resolve(import.meta.dirname, "..");
const dataDir = path.resolve(root, process.env.WAYBACK_DATA_DIR ?? ".wayback");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const log = (m: string) => console.log(`wayback: ${m}`);

async function main() {
  // 1. Catalog and queue.
  const services = await startServices(dataDir, process.env, log);
  const shutdown = onShutdown(services.stop);
  // The CLI that PostgreSQL servers run (archive_command, restore_command), and its config.
  await buildCli();
  const cliConfig = process.env.WAYBACK_CLI_CONFIG ?? (await writeCliConfig(path.join(dataDir, "wal.conf"), services.cliDatabaseUrl, services.osUser));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...services.env,
    WAYBACK_CLI_COMMAND: process.env.WAYBACK_CLI_COMMAND ?? CLI_SCRIPT,
    WAYBACK_CLI_CONFIG: cliConfig,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const cfg = parseConfig(env);
  const db = createDb(cfg.databaseUrl);

  // 2. The first user.
  const adminPassword = process.env.WAYBACK_ADMIN_PASSWORD ?? randomBytes(12).toString("base64url");
  const createdAdmin = await ensureAdmin(db, adminPassword);

  // 3. A repository under the data directory and the demo cluster, on the embedded default only.
  if (services.embedded) {
    await shareRepositoryWithServers(path.join(dataDir, "repo"), services.osUser);
    await ensureLocalRepository(db, path.join(dataDir, "repo"));
  }
  if (services.embedded && process.env.WAYBACK_DEMO !== "off") {
    log(`starting the demo cluster (PostgreSQL on 127.0.0.1:${services.state.demo.port})`);
    const demo = await ensureDemoInstance({ dataDir, ...services.state.demo, bins: services.bins, osUser: services.osUser });
    services.own(() => stopPg(demo.spec));
    const demoId = await registerDemoCluster(db, { ...services.state.demo, secretKey: cfg.secretKey, dataDir });
    if (demoId) {
      // A newcomer's first look should show a checked cluster with a backup and a recoverable
      // window: check it, back it up (its WAL receiver is started by the worker's supervisor).
      const redis = createRedis(cfg.redisUrl, "producer");
      const queue = openQueue(QUEUE_NAME, redis, cfg.queuePrefix);
      await enqueueJob(db, queue, "cluster.check", { clusterId: demoId });
      await requestBackup(db, queue, demoId);
      await queue.close();
      redis.disconnect(); // a connection handed to BullMQ stays ours to close

    }
  }
  await db.$disconnect();

  // 4. A production build of the dashboard, when the sources changed since the last one.
  if (process.env.WAYBACK_SKIP_BUILD !== "1") await ensureBuild(root, log);

  // 5. Dashboard and worker.
  const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
  // Each restarts on its own when it dies; the catalog, Redis and the demo stay up meanwhile.
  shutdown.processes.push(
    supervise({ name: "dashboard", command: bin("next"), args: ["start", "--port", String(port), "--hostname", host], env, cwd: root, log }),
    // node itself with tsx's loader: the tsx CLI would put a second process between us and it.
    supervise({ name: "worker", command: process.execPath, args: ["--import", "tsx", path.join(root, "worker", "main.ts")], env, cwd: root, log }),
  );
  const url = `http://${host}:${port}`;
  log(`dashboard: ${url}`);
  if (createdAdmin) {
    log(process.env.WAYBACK_ADMIN_PASSWORD ? "sign in as admin with WAYBACK_ADMIN_PASSWORD" : `sign in as admin with password ${adminPassword}  (shown once; keep it)`);
  } else {
    log("sign in with your existing user (admin was created on the first start)");
  }
  log("press Ctrl-C to stop");
}

/** Ctrl-C (or SIGTERM) stops the supervised processes, a pending restart included, then the services. */
function onShutdown(stopServices: () => Promise<void>) {
  const processes: Supervised[] = [];
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${signal})…`);
    await Promise.all(processes.map((p) => p.stop()));
    await stopServices();
    log("stopped");
    process.exit(exitCode);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  return { processes };
}

let exitCode = 0;

main().catch((err) => {
  console.error(`wayback: ${err instanceof Error ? err.message : String(err)}`);
  process.kill(process.pid, "SIGTERM");
  exitCode = 1;
});
