// Real PostgreSQL; the port is taken by a plain TCP listener before the start.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { freePort } from "@/lib/pg/free-port";
import { destroyInstance, initInstance, type InstanceSpec } from "@/lib/pg/instance";
import { startInstanceWithPortFallback } from "@/lib/pg/start-instance-with-port-fallback";
import { testBinaries, testServerUser } from "@/test/harness/cluster";

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const undo of cleanup.reverse()) await undo();
});

it("starts on the next port it is given when its own is taken, and reports the move before starting there", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "wayback-fallback-"));
  await chmod(dir, 0o755);
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  const spec: InstanceSpec = {
    dataDir: path.join(dir, "data"),
    port: await freePort(),
    bins: testBinaries(),
    osUser: await testServerUser(),
  };
  await initInstance(spec, { noSync: true, superuserPassword: "pw", hba: "scram" });
  cleanup.push(() => destroyInstance(spec));
  const taken = spec.port;
  const squatter = net.createServer().listen(taken, "127.0.0.1");
  await new Promise((resolve) => squatter.once("listening", resolve));
  cleanup.push(() => new Promise((resolve) => squatter.close(() => resolve())));

  const moves: [number, number][] = [];
  await startInstanceWithPortFallback(spec, { nextPort: () => freePort(), onPort: async (port, from) => void moves.push([port, from]) });

  expect(moves).toEqual([[spec.port, taken]]);
  expect(spec.port).not.toBe(taken);
  const c = new pg.Client({ host: "127.0.0.1", port: spec.port, user: "postgres", password: "pw", database: "postgres" });
  await c.connect();
  expect((await c.query("SHOW port")).rows[0].port).toBe(String(spec.port));
  await c.end();
});
