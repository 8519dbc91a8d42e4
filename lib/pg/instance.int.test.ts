// Real PostgreSQL and real child processes; nothing is mocked.
import { existsSync } from "node:fs";
import { chmod, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, isPortFree } from "@/lib/pg/free-port";
import {
  connectionInfo,
  destroyInstance,
  initInstance,
  instanceLogPath,
  instanceSocketDir,
  isRunning,
  setSettings,
  startInstance,
  stopInstance,
  type InstanceSpec,
} from "@/lib/pg/instance";
import type { OsUser } from "@/lib/pg/os-user";
import { OUTPUT_TAIL_BYTES, ProcessError, runProcess } from "@/lib/pg/run-process";
import { testBinaries, testServerUser } from "@/test/harness/cluster";

const node = process.execPath;

async function runError(promise: Promise<unknown>): Promise<ProcessError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProcessError);
  return err as ProcessError;
}

describe("runProcess", () => {
  it("returns output, passes only the allowlisted environment plus the call's, and removes keys set to undefined", async () => {
    // VITEST is set in the test process's environment and must not be inherited.
    const { stdout, stderr } = await runProcess(
      node,
      [
        "-e",
        "console.log(JSON.stringify([process.env.VITEST, process.env.WAYBACK_TEST_SET, 'PATH' in process.env])); console.error('warn')",
      ],
      { env: { WAYBACK_TEST_SET: "set", PATH: undefined } },
    );
    expect(JSON.parse(stdout)).toEqual([null, "set", false]);
    expect(stderr).toBe("warn\n");
  });

  it("reports a non-zero exit as '<program> failed: <cause>', then the stderr tail and the exit code", async () => {
    const err = await runError(runProcess(node, ["-e", "console.log('to stdout'); console.error('first\\nboom'); process.exit(3)"]));
    expect(err.message).toBe("node failed: boom\nfirst\nboom\n(exit code 3)");
    expect(err.program).toBe(node);
    expect(err.code).toBe(3);
    expect(err.signal).toBeNull();
    expect(err.stderrTail).toBe("first\nboom\n");
  });

  it("falls back to stdout in the message when stderr is empty", async () => {
    const err = await runError(runProcess(node, ["-e", "console.log('only stdout'); process.exit(2)"]));
    expect(err.message).toBe("node failed: only stdout\nonly stdout\n(exit code 2)");
  });

  it("on timeout sends SIGTERM, then SIGKILL to a child that ignores it", async () => {
    const started = Date.now();
    const err = await runError(
      runProcess(
        node,
        ["-e", "process.on('SIGTERM', () => console.log('got SIGTERM')); console.log('ready'); setInterval(() => {}, 1000)"],
        { timeoutMs: 500, killGraceMs: 700 },
      ),
    );
    const elapsed = Date.now() - started;
    expect(err.timedOut).toBe(true);
    expect(err.signal).toBe("SIGKILL");
    expect(err.stdoutTail).toContain("got SIGTERM");
    expect(err.message).toMatch(/^node failed: timed out\n(.|\n)*\(ended by SIGKILL\)$/);
    expect(elapsed).toBeGreaterThanOrEqual(1_100);
    expect(elapsed).toBeLessThan(5_000);
  }, 10_000);

  it("on timeout a child that honours SIGTERM ends with SIGTERM", async () => {
    const err = await runError(runProcess(node, ["-e", "setInterval(() => {}, 1000)"], { timeoutMs: 300 }));
    expect(err.signal).toBe("SIGTERM");
    expect(err.timedOut).toBe(true);
  });

  it("stops the child when the abort signal fires", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user cancelled")), 200);
    const started = Date.now();
    const err = await runError(runProcess(node, ["-e", "setInterval(() => {}, 1000)"], { signal: controller.signal }));
    expect(err.aborted).toBe(true);
    expect(err.signal).toBe("SIGTERM");
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("names the missing program when it cannot be started", async () => {
    const err = await runError(runProcess("/nonexistent/bin/pg_frobnicate", ["--version"]));
    expect(err.message).toBe(
      "pg_frobnicate could not be started: /nonexistent/bin/pg_frobnicate was not found (is it installed and on PATH?)",
    );
  });

  it("keeps only a bounded tail of a chatty program's output", async () => {
    const { stdout } = await runProcess(node, [
      "-e",
      "const line = 'x'.repeat(1023) + '\\n'; for (let i = 0; i < 2048; i++) process.stdout.write(line); process.stdout.write('END\\n')",
    ]);
    expect(stdout.length).toBeLessThanOrEqual(OUTPUT_TAIL_BYTES);
    expect(stdout.length).toBeGreaterThan(OUTPUT_TAIL_BYTES / 2);
    expect(stdout.endsWith("x\nEND\n")).toBe(true);
  });

  it("delivers output line by line, including a last line without newline, and feeds stdin", async () => {
    const out: string[] = [];
    const err: string[] = [];
    await runProcess(
      node,
      [
        "-e",
        "let s=''; process.stdin.on('data', d => s += d).on('end', () => { process.stdout.write(s.toUpperCase()); process.stderr.write('e1\\r\\ne2') })",
      ],
      { stdin: "a\nb\nc", onStdoutLine: (l) => out.push(l), onStderrLine: (l) => err.push(l) },
    );
    expect(out).toEqual(["A", "B", "C"]);
    expect(err).toEqual(["e1", "e2"]);
  });

  it("reports a failing PostgreSQL tool with its own words", async () => {
    const osUser = await testServerUser();
    const pgCtl = await testBinaries().path("pg_ctl");
    const err = await runError(runProcess(pgCtl, ["status", "-D", "/nonexistent/wayback"], { asUser: osUser, cwd: "/" }));
    expect(err.code).toBe(4);
    expect(err.message).toBe(
      'pg_ctl failed: pg_ctl: directory "/nonexistent/wayback" does not exist\npg_ctl: directory "/nonexistent/wayback" does not exist\n(exit code 4)',
    );
  });
});

describe("instance lifecycle", () => {
  let tmp: string;
  let osUser: OsUser | undefined;

  beforeAll(async () => {
    osUser = await testServerUser();
    tmp = await mkdtemp(path.join(os.tmpdir(), "wayback-instance-"));
    await chmod(tmp, 0o755);
  });
  afterAll(async () => {
    for (const name of await readdir(tmp).catch(() => [])) {
      if (!name.includes(".")) await destroyInstance({ dataDir: path.join(tmp, name), port: 0, bins: testBinaries(), osUser });
    }
    await rm(tmp, { recursive: true, force: true });
  });

  async function newSpec(name: string): Promise<InstanceSpec> {
    return { dataDir: path.join(tmp, name), port: await freePort(), bins: testBinaries(), osUser };
  }

  function client(spec: InstanceSpec, password: string | undefined, extra: Partial<pg.ClientConfig> = {}) {
    return new pg.Client({ ...connectionInfo(spec, "postgres", "postgres"), password, ...extra });
  }

  async function queryOnce(spec: InstanceSpec, password: string | undefined, sql: string, extra: Partial<pg.ClientConfig> = {}) {
    const c = client(spec, password, extra);
    await c.connect();
    try {
      return (await c.query(sql)).rows;
    } finally {
      await c.end();
    }
  }

  it("initialises, starts, serves scram-authenticated queries, reloads settings, stops and is destroyed", async () => {
    const spec = await newSpec("main");
    const password = "s3cret-'quoted'-pw";
    const appName = "it's a \\ test";
    await initInstance(spec, { superuserPassword: password, hba: "scram", noSync: true, settings: { application_name: appName } });

    // The password file given to initdb is gone; only the instance's own paths remain.
    expect((await readdir(path.dirname(spec.dataDir))).filter((n) => n.startsWith("main")).sort()).toEqual([
      "main",
      "main.log",
      "main.run",
    ]);
    const st = await stat(spec.dataDir);
    expect(st.mode & 0o777).toBe(0o700);
    if (osUser) expect(st.uid).toBe(osUser.uid);

    expect(await isRunning(spec)).toBe(false);
    await startInstance(spec);
    expect(await isRunning(spec)).toBe(true);
    expect(existsSync(path.join(instanceSocketDir(spec), `.s.PGSQL.${spec.port}`))).toBe(true);

    const rows = await queryOnce(spec, password, "SELECT current_setting('application_name') AS app, current_setting('wal_level') AS wal");
    expect(rows).toEqual([{ app: appName, wal: "replica" }]);
    await expect(queryOnce(spec, "wrong", "SELECT 1")).rejects.toThrow(/password authentication failed/);
    // Replication connections are allowed by default.
    expect(await queryOnce(spec, password, "IDENTIFY_SYSTEM", { replication: "true" } as Partial<pg.ClientConfig>)).toHaveLength(1);

    await setSettings(spec, { work_mem: "7MB" });
    const after = await queryOnce(spec, password, "SELECT current_setting('work_mem') AS wm, current_setting('application_name') AS app");
    expect(after).toEqual([{ wm: "7MB", app: appName }]);

    await stopInstance(spec);
    expect(await isRunning(spec)).toBe(false);
    await stopInstance(spec); // no-op when stopped
    expect(await isPortFree(spec.port)).toBe(true);

    const log = await readFile(instanceLogPath(spec), "utf8");
    expect(log).toContain("database system is ready to accept connections");
    expect(log).toContain("password authentication failed");
    expect(log).not.toContain("s3cret");

    await destroyInstance(spec);
    for (const p of [spec.dataDir, instanceSocketDir(spec), instanceLogPath(spec)]) expect(existsSync(p)).toBe(false);
  });

  it("builds a server that refuses replication connections when asked", async () => {
    const spec = await newSpec("norepl");
    await initInstance(spec, { superuserPassword: "pw", hba: "scram", replication: false, noSync: true });
    await startInstance(spec);
    expect(await queryOnce(spec, "pw", "SELECT 1 AS one")).toEqual([{ one: 1 }]);
    await expect(queryOnce(spec, "pw", "IDENTIFY_SYSTEM", { replication: "true" } as Partial<pg.ClientConfig>)).rejects.toThrow(
      /no pg_hba.conf entry for replication connection/,
    );
    await destroyInstance(spec);
  });

  it("trust-local lets the superuser in over the socket only", async () => {
    const spec = await newSpec("trust");
    await initInstance(spec, { hba: "trust-local", noSync: true });
    await startInstance(spec);
    expect(await queryOnce(spec, undefined, "SELECT current_user AS u", { host: instanceSocketDir(spec) })).toEqual([{ u: "postgres" }]);
    await expect(queryOnce(spec, undefined, "SELECT 1")).rejects.toThrow(/no pg_hba.conf entry for host "127.0.0.1"/);
    await destroyInstance(spec);
  });

  it("fails to start on a busy port and shows the server log's reason", async () => {
    const spec = await newSpec("busy");
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(spec.port, "127.0.0.1", resolve));
    try {
      await initInstance(spec, { superuserPassword: "pw", hba: "scram", noSync: true });
      const err = await startInstance(spec, { timeoutMs: 30_000 }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err?.message).toContain(`did not start on port ${spec.port}`);
      expect(err?.message).toContain("pg_ctl failed: ");
      expect(err?.message).toMatch(/could not bind IPv4 address "127.0.0.1": Address already in use/);
      expect(await isRunning(spec)).toBe(false);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
      await destroyInstance(spec);
    }
  });

  it("refuses a data directory the server user cannot reach", async () => {
    if (!osUser) return; // only meaningful when server programs run as another user
    const hidden = await mkdtemp(path.join(tmp, "hidden-")); // 0700, owned by us
    const spec = { ...(await newSpec("x")), dataDir: path.join(hidden, "data") };
    await expect(initInstance(spec, { noSync: true })).rejects.toThrow(`${hidden} is not traversable (mode 700)`);
    await rm(hidden, { recursive: true, force: true });
  });

  it("rejects settings that would corrupt the configuration", async () => {
    const spec = await newSpec("badsettings");
    await expect(initInstance(spec, { settings: { "x = 1\nport": 1 } })).rejects.toThrow(/Invalid PostgreSQL setting name/);
    await expect(initInstance(spec, { settings: { port: 5 } })).rejects.toThrow(/port comes from the instance spec/);
    await expect(initInstance(spec, { hba: "scram" })).rejects.toThrow(/needs a superuserPassword/);
    expect(existsSync(spec.dataDir)).toBe(false);
  });
});
