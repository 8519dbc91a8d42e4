// `npm start`: services (embedded by default), catalog migrations, the admin user, the demo
// cluster, a production build when the sources changed, then the dashboard and the worker.
// The dashboard and the worker are restarted when they die; Ctrl-C stops everything this run started.
import { existsSync } from "node:fs";
import path from "node:path";
import { ensureAdmin } from "@/lib/auth/ensure-admin";
import { generatePassword, generatedPasswordFile, readGeneratedPassword, saveGeneratedPassword } from "@/lib/auth/generated-password";
import { requestBackup } from "@/lib/backups/request-backup";
import { parseConfig } from "@/lib/config";
import { createDb } from "@/lib/db/client";
import { ensureDemoInstance, registerDemoCluster } from "@/lib/clusters/demo-cluster";
import { writeCliConfig } from "@/lib/embedded/cli-config";
import { ensureLocalRepository } from "@/lib/embedded/local-repository";
import { shareRepositoryWithServers } from "@/lib/embedded/repository-permissions";
import { QUEUE_NAME } from "@/lib/queue/job-types";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { createRedis, openQueue } from "@/lib/queue/redis";
import { installCli } from "./build-cli";
import { box } from "./lib/box";
import { ensureBuild } from "./lib/build";
import { resolveDataDir } from "./lib/data-dir";
import { startServices, stopPg } from "./lib/embedded";
import { supervise, type Supervised } from "./lib/supervise";
import { waitForHttp } from "./lib/wait-for-http";

const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const log = (m: string) => console.log(`wayback: ${m}`);

async function main() {
  // 1. Catalog and queue.
  const dataDir = await resolveDataDir(root, process.env, log);
  const services = await startServices(dataDir, process.env, log);
  const shutdown = onShutdown(services.stop);
  // The CLI that PostgreSQL servers run (archive_command, restore_command), and its config.
  const cliScript = await installCli(services.osUser);
  const cliConfig =
    process.env.WAYBACK_CLI_CONFIG ?? (await writeCliConfig(path.join(dataDir, "wal.conf"), services.cliDatabaseUrl, services.osUser));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...services.env,
    WAYBACK_CLI_COMMAND: process.env.WAYBACK_CLI_COMMAND ?? cliScript,
    WAYBACK_DATA_DIR: dataDir,
    WAYBACK_CLI_CONFIG: cliConfig,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const cfg = parseConfig(env);
  const db = createDb(cfg.databaseUrl);

  // 2. The first user. A generated password waits in a 0600 file until its user changes it.
  const adminPassword = process.env.WAYBACK_ADMIN_PASSWORD ?? generatePassword();
  if ((await ensureAdmin(db, adminPassword)) && !process.env.WAYBACK_ADMIN_PASSWORD) {
    await saveGeneratedPassword(dataDir, { username: "admin", password: adminPassword });
  }

  // 3. A repository under the data directory and the demo cluster, on the embedded default only.
  if (services.embedded) {
    await shareRepositoryWithServers(path.join(dataDir, "repo"), services.osUser);
    await ensureLocalRepository(db, path.join(dataDir, "repo"));
  }
  if (services.embedded && process.env.WAYBACK_DEMO !== "off") {
    const firstTime = !existsSync(path.join(dataDir, "demo", "PG_VERSION"));
    log(
      `starting the demo cluster (PostgreSQL on 127.0.0.1:${services.state.demo.port}${firstTime ? "; creating it with a little pgbench data, about half a minute" : ""})`,
    );
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
    supervise({
      name: "dashboard",
      command: bin("next"),
      args: ["start", "--port", String(port), "--hostname", host],
      env,
      cwd: root,
      log,
    }),
    // node itself with tsx's loader: the tsx CLI would put a second process between us and it.
    supervise({
      name: "worker",
      command: process.execPath,
      args: ["--import", "tsx", path.join(root, "worker", "main.ts")],
      env,
      cwd: root,
      log,
    }),
  );
  // 6. What to open and how to sign in, last, once the dashboard really answers.
  const listening = `http://${host}:${port}`;
  log(`waiting for the dashboard to answer on ${listening}…`);
  await waitForHttp(listening);
  // The address users open (WAYBACK_PUBLIC_URL, or HOST:PORT with a wildcard shown as 127.0.0.1).
  console.log(box([`Wayback is running: ${cfg.publicOrigin}`, "", ...(await signInLines(dataDir)), "", "Ctrl-C stops everything."]));
}

async function signInLines(dataDir: string): Promise<string[]> {
  const generated = await readGeneratedPassword(dataDir);
  if (generated) {
    return [
      `Sign in as ${generated.username}, password: ${generated.password}`,
      `(kept in ${generatedPasswordFile(dataDir)} until you change it)`,
    ];
  }
  if (process.env.WAYBACK_ADMIN_PASSWORD) return ["Sign in as admin with the password in WAYBACK_ADMIN_PASSWORD (unless changed since)."];
  return ["Sign in with your user. Forgot the admin password? npm run admin:reset-password"];
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
