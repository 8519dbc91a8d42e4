import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "@/lib/pg/free-port";
import { processAlive } from "@/lib/pg/os-user";
import { useCatalog } from "@/test/harness/catalog";
import { until } from "@/test/harness/until";
import { workerEnv } from "@/test/harness/worker";

const root = path.resolve(import.meta.dirname, "../..");
const cat = useCatalog();
let child: ChildProcess | undefined;
let dataDir: string | undefined;
afterAll(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

const pidsOf = (output: string, name: string) =>
  [...output.matchAll(new RegExp(`wayback: ${name} running \\(pid (\\d+)\\)`, "g"))].map((m) => Number(m[1]));

/**
 * The real scripts/start.ts against this run's catalog and Redis (so it starts no services of its
 * own) and without a dashboard build: whether the dashboard comes up or not, the worker it
 * supervises must come back after a SIGKILL without `npm start` stopping, and Ctrl-C must end all.
 */
describe("npm start (scripts/start.ts)", () => {
  it("restarts a worker killed with SIGKILL and keeps running; SIGINT stops everything", async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-start-"));
    const env = {
      ...workerEnv(cat, randomBytes(32).toString("hex")),
      WAYBACK_DATA_DIR: dataDir,
      WAYBACK_SKIP_BUILD: "1",
      WAYBACK_ADMIN_PASSWORD: "start-test Passw0rd",
      WAYBACK_CLI_CONFIG: cat.cli.configFile,
      PORT: String(await freePort()),
    };
    child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "start.ts")], {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    for (const stream of [child.stdout!, child.stderr!]) stream.setEncoding("utf8").on("data", (t: string) => (output += t));

    const first = await until("the worker to run", async () => pidsOf(output, "worker")[0], 120_000);
    process.kill(first, "SIGKILL");
    await until("the restart to be announced", async () =>
      output.includes("wayback: worker exited (signal SIGKILL); restarting in 2 s (restart 1)"),
    );
    const second = await until("a second worker", async () => pidsOf(output, "worker")[1]);
    expect(child.exitCode).toBeNull();
    expect(output).not.toContain("stopping everything");

    child.kill("SIGINT");
    await until("npm start to stop", async () => child!.exitCode !== null, 60_000);
    expect(output).toContain("wayback: stopped");
    expect(processAlive(second)).toBe(false);
    for (const pid of pidsOf(output, "dashboard")) expect(processAlive(pid)).toBe(false);
  });
});
