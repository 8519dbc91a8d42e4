// Proves the harness every integration test relies on.
import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { isPortFree } from "@/lib/pg/free-port";
import { ProcessError, runProcess } from "@/lib/pg/run-process";
import { createTestCluster, useTestCluster } from "@/test/harness/cluster";

const repoRoot = path.resolve(import.meta.dirname, "../..");

describe("useTestCluster", () => {
  const cluster = useTestCluster();

  it("runs wal_level=replica and requires scram authentication over TCP", async () => {
    const c = cluster();
    expect((await c.query("SHOW wal_level")).rows).toEqual([{ wal_level: "replica" }]);
    const methods = await c.query("SELECT DISTINCT auth_method FROM pg_hba_file_rules WHERE type = 'host'");
    expect(methods.rows).toEqual([{ auth_method: "scram-sha-256" }]);
    expect((await c.query("SELECT $1::int + 1 AS n", [41])).rows).toEqual([{ n: 42 }]);
  });

  it("accepts its password and rejects a wrong one", async () => {
    const c = cluster();
    const good = new pg.Client({ connectionString: c.connectionString() });
    await good.connect();
    expect((await good.query("SELECT current_user AS u")).rows).toEqual([{ u: "postgres" }]);
    await good.end();

    const bad = new pg.Client({ host: c.host, port: c.port, user: c.superuser, database: "postgres", password: `${c.password}x` });
    await expect(bad.connect()).rejects.toThrow(/password authentication failed for user "postgres"/);
  });
});

describe("createTestCluster", () => {
  it("leaves a free port and no directory behind after destroy", async () => {
    const c = await createTestCluster({ settings: { application_name: "harness" }, replicationHba: false });
    const tmpDir = path.dirname(c.dataDir);
    expect(path.basename(tmpDir)).toMatch(/^wayback-test-/);
    expect(existsSync(c.dataDir)).toBe(true);
    expect(await isPortFree(c.port)).toBe(false);
    expect((await c.query("SHOW application_name")).rows).toEqual([{ application_name: "harness" }]);
    const replicationRules = await c.query("SELECT 1 FROM pg_hba_file_rules WHERE 'replication' = ANY(database)");
    expect(replicationRules.rowCount).toBe(0);

    await c.destroy();
    expect(await isPortFree(c.port)).toBe(true);
    expect(existsSync(tmpDir)).toBe(false);
  });

  it("removes clusters of a process that ends without destroying them", async () => {
    for (const ending of ["process.exit(0)", "setInterval(() => {}, 1000)"]) {
      const controller = new AbortController();
      let created: { dataDir: string; port: number } | undefined;
      const script =
        `(async () => { const m = await import(${JSON.stringify(path.join(repoRoot, "test/harness/cluster.ts"))});` +
        ` const c = await m.createTestCluster(); console.log(JSON.stringify({ dataDir: c.dataDir, port: c.port })); ${ending} })()`;
      // The second child never ends on its own: aborting sends it SIGTERM.
      // node itself (not the tsx CLI, which relays signals and exits with a code) so the child
      // shows whether the harness re-raised the signal after cleaning up.
      const run = runProcess(process.execPath, ["--import", "tsx", "-e", script], {
        cwd: repoRoot,
        timeoutMs: 60_000,
        onStdoutLine: (line) => {
          created = JSON.parse(line) as { dataDir: string; port: number };
          if (ending.startsWith("setInterval")) controller.abort();
        },
        signal: controller.signal,
      });
      if (ending.startsWith("process.exit")) {
        await run;
      } else {
        const err = await run.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(ProcessError);
        expect((err as ProcessError).signal).toBe("SIGTERM");
      }
      expect(created).toBeDefined();
      expect(existsSync(path.dirname(created!.dataDir))).toBe(false);
      expect(await isPortFree(created!.port)).toBe(true);
    }
  });
});
