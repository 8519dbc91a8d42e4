// Names are data. A cluster, its login, a database, tables and a restore point named with quotes,
// semicolons, $(…), backticks, newlines, ../ and as many bytes as each may have go through the
// whole path (register through the API, check, stream WAL, back up, create the restore point,
// restore to it, read the rows back, dump and restore the database into another such name, remove
// the cluster) and are stored and shown as typed; no shell ever runs them: a sentinel file that
// any of them would create never appears. Names that cannot be stored are refused with a
// validation error saying why, and names that would become paths (a restore's directory, a WAL
// file name given to the CLI) cannot leave their directory.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { destroyInstance } from "@/lib/pg/instance";
import { withConnection } from "@/lib/pg/with-connection";
import { useCatalog } from "@/test/harness/catalog";
import { archivedThroughCurrent } from "@/test/harness/archived";
import { testBinaries, testServerUser, useTestCluster } from "@/test/harness/cluster";
import { createTestRepository } from "@/test/harness/repository";
import { until } from "@/test/harness/until";
import { useWeb } from "@/test/harness/web";
import { useWorker } from "@/test/harness/worker";
import * as clusterApi from "@/app/api/v1/clusters/[id]/route";
import * as backupsApi from "@/app/api/v1/clusters/[id]/backups/route";
import * as clustersApi from "@/app/api/v1/clusters/route";
import * as restorePointsApi from "@/app/api/v1/clusters/[id]/restore-points/route";
import * as restoresApi from "@/app/api/v1/clusters/[id]/restores/route";
import * as restoreApi from "@/app/api/v1/restores/[id]/route";
import * as dumpsApi from "@/app/api/v1/clusters/[id]/dumps/route";
import * as dumpRestoresApi from "@/app/api/v1/dumps/[id]/restores/route";

// Every payload, run by any shell, creates this file.
const SENTINEL = `/tmp/wbi-${randomBytes(3).toString("hex")}`;
const RUN = `$(touch ${SENTINEL})`;
const TICK = `\`touch ${SENTINEL}\``;
// The same for a file name, which cannot hold '/': printf makes it.
const FILE_RUN = `$(touch $(printf '${SENTINEL.replaceAll("/", "\\057")}'))`;
const bytes = (s: string) => Buffer.byteLength(s);
const padTo = (s: string, n: number) => s + "x".repeat(n - bytes(s));

// At or near each limit: 100 characters for a cluster name, 63 bytes for PostgreSQL names (longer
// identifiers PostgreSQL would cut, not refuse).
const NAMES = {
  cluster: padTo(`c'";${RUN}${TICK}|&<>../../`, 100),
  database: padTo(`d'";${RUN}${TICK}../`, 63),
  // ':' and '\' are what a .pgpass line escapes.
  user: padTo(`u:\\'";${RUN}${TICK}`, 63),
  password: `p:\\'";${RUN}${TICK} ../`,
  quoted: padTo(`t'";${RUN}${TICK}`, 63),
  multiline: `n\n${RUN};\n${TICK}\n../..`,
  restorePoint: padTo(`r'";${RUN}${TICK}../`, 63),
  // '=' and a space: what pg_dump and pg_restore would read as a connection string.
  restoredDatabase: padTo(`e'=x host=/;${RUN}${TICK}`, 63),
};

const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
const cat = useCatalog();
const source = useTestCluster();
const web = useWeb(cat, w.config);
let clusterId: string;
let restored: { dataDir: string; port: number } | undefined;

const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

async function onDatabase<T>(port: number, password: string, user: string, use: (c: pg.Client) => Promise<T>): Promise<T> {
  return withConnection({ host: "127.0.0.1", port, user, password, database: NAMES.database }, use);
}

async function sentinelExists(): Promise<boolean> {
  return fs.stat(SENTINEL).then(
    () => true,
    () => false,
  );
}

beforeAll(async () => {
  const c = source();
  await c.query(`CREATE ROLE ${ident(NAMES.user)} LOGIN SUPERUSER REPLICATION PASSWORD ${literal(NAMES.password)}`);
  await c.query(`CREATE DATABASE ${ident(NAMES.database)} OWNER ${ident(NAMES.user)}`);
  await onDatabase(c.port, NAMES.password, NAMES.user, async (d) => {
    await d.query(`CREATE TABLE ${ident(NAMES.quoted)} (id int PRIMARY KEY, note text)`);
    await d.query(`INSERT INTO ${ident(NAMES.quoted)} SELECT g, $1 FROM generate_series(1, 100) g`, [NAMES.multiline]);
    await d.query(`CREATE TABLE ${ident(NAMES.multiline)} (id int)`);
    await d.query(`INSERT INTO ${ident(NAMES.multiline)} SELECT generate_series(1, 7)`);
  });
});

afterAll(async () => {
  if (restored) await destroyInstance({ ...restored, bins: testBinaries(), osUser: await testServerUser() }).catch(() => undefined);
  await fs.rm(SENTINEL, { force: true });
});

describe("names built of shell and SQL syntax", () => {
  it("are refused where they cannot be stored, with the reason", async () => {
    const c = source();
    const create = (name: string) =>
      web.call(clustersApi.POST, {
        method: "POST",
        path: "/api/v1/clusters",
        body: { name, host: c.host, port: c.port, username: "postgres" },
      });
    const multiline = await create(`c\n${RUN}`);
    expect(multiline.status).toBe(400);
    expect(multiline.json.error.fields.name).toEqual(["The name cannot contain control characters."]);
    const long = await create("c".repeat(101));
    expect(long.status).toBe(400);
    expect(long.json.error.fields.name).toEqual(["Keep the name to 100 characters or fewer."]);
    expect(await cat.db.cluster.count()).toBe(0);
  });

  it("go through registration, backup, a restore point and a restore as data, and run nothing", async () => {
    const c = source();
    const repo = await createTestRepository(cat.db);
    const created = await web.call(clustersApi.POST, {
      method: "POST",
      path: "/api/v1/clusters",
      body: {
        name: NAMES.cluster,
        host: c.host,
        port: c.port,
        database: NAMES.database,
        username: NAMES.user,
        password: NAMES.password,
        sslmode: "disable",
        repositoryId: repo.id,
        walMode: "streaming",
      },
    });
    expect(created.status).toBe(201);
    clusterId = created.json.cluster.id;
    expect(created.json.cluster).toMatchObject({ name: NAMES.cluster, database: NAMES.database, username: NAMES.user });
    const check = await w.waitForJob(created.json.job.id);
    expect(check.error).toBeNull();
    const readiness = await web.call(clusterApi.GET, { path: `/api/v1/clusters/${clusterId}`, params: { id: clusterId } });
    expect(readiness.json.cluster.lastCheck).toMatchObject({ reachable: true, isSuperuser: true, hasReplication: true });
    await until("the receiver to stream", () =>
      cat.db.walReceiver.findUnique({ where: { clusterId } }).then((r) => r?.state === "streaming" && r),
    );

    const backup = await web.call(backupsApi.POST, {
      method: "POST",
      path: `/api/v1/clusters/${clusterId}/backups`,
      params: { id: clusterId },
    });
    expect(backup.status).toBe(202);
    expect((await w.waitForJob(backup.json.job.id)).error).toBeNull();

    // The restore point, then the accident after it.
    const badPoint = await web.call(restorePointsApi.POST, {
      method: "POST",
      path: `/api/v1/clusters/${clusterId}/restore-points`,
      params: { id: clusterId },
      body: { name: `r\n${RUN}` },
    });
    expect(badPoint.status).toBe(400);
    expect(badPoint.json.error.fields.name).toEqual(["The name cannot contain control characters."]);
    const longPoint = await web.call(restorePointsApi.POST, {
      method: "POST",
      path: `/api/v1/clusters/${clusterId}/restore-points`,
      params: { id: clusterId },
      body: { name: `${NAMES.restorePoint}x` },
    });
    expect(longPoint.status).toBe(400);
    expect(longPoint.json.error.fields.name).toEqual(["PostgreSQL limits restore point names to 63 bytes."]);
    const point = await web.call(restorePointsApi.POST, {
      method: "POST",
      path: `/api/v1/clusters/${clusterId}/restore-points`,
      params: { id: clusterId },
      body: { name: NAMES.restorePoint },
    });
    expect(point.status).toBe(201);
    expect(point.json.restorePoint.name).toBe(NAMES.restorePoint);
    await onDatabase(c.port, NAMES.password, NAMES.user, (d) => d.query(`DELETE FROM ${ident(NAMES.quoted)} WHERE id > 10`));
    await archivedThroughCurrent(cat.db, c, clusterId);
    // The WAL index found the point by its name in the WAL itself.
    expect(await cat.db.restorePoint.count({ where: { clusterId, name: NAMES.restorePoint } })).toBe(1);

    // A directory outside the restore roots is refused, however it is spelled.
    for (const dataDir of [path.join(os.tmpdir(), "..", "etc", "wayback-injected"), `${os.tmpdir()}/x/../../root/${RUN}`]) {
      const outside = await web.call(restoresApi.POST, {
        method: "POST",
        path: `/api/v1/clusters/${clusterId}/restores`,
        params: { id: clusterId },
        body: { target: { kind: "name", name: NAMES.restorePoint }, destination: { kind: "new_instance", dataDir } },
      });
      expect(outside.status, dataDir).toBe(400);
      expect(outside.json.error.fields["destination.dataDir"], dataDir).toBeDefined();
    }

    const restore = await web.call(restoresApi.POST, {
      method: "POST",
      path: `/api/v1/clusters/${clusterId}/restores`,
      params: { id: clusterId },
      body: { target: { kind: "name", name: NAMES.restorePoint } },
    });
    expect(restore.status).toBe(202);
    restored = { dataDir: restore.json.restore.dataDir, port: restore.json.restore.port };
    // The directory is named after the cluster, reduced to safe characters, inside the restore root.
    expect(path.dirname(restored.dataDir)).toBe(os.tmpdir());
    expect(path.basename(restored.dataDir)).toMatch(/^[A-Za-z0-9-]+$/);
    expect((await w.waitForJob(restore.json.restore.job.id)).error).toBeNull();
    const done = await web.call(restoreApi.GET, {
      path: `/api/v1/restores/${restore.json.restore.id}`,
      params: { id: restore.json.restore.id },
    });
    expect(done.json.restore).toMatchObject({
      status: "complete",
      clusterName: NAMES.cluster,
      target: { kind: "name", value: NAMES.restorePoint },
    });
    // Where the copy runs now: a port taken meanwhile (another test run beside this one) moves it.
    restored.port = done.json.restore.port;
    expect(done.json.restore.rowCounts).toEqual(
      expect.arrayContaining([
        { database: NAMES.database, table: `public.${NAMES.quoted}`, rows: 100 },
        { database: NAMES.database, table: `public.${NAMES.multiline}`, rows: 7 },
      ]),
    );
    // The copy has the rows from before the accident, and the data with its newlines.
    const rows = await onDatabase(
      restored.port,
      NAMES.password,
      NAMES.user,
      async (d) => (await d.query(`SELECT count(*)::int AS n, min(note) AS note FROM ${ident(NAMES.quoted)}`)).rows[0],
    );
    expect(rows).toEqual({ n: 100, note: NAMES.multiline });

    expect(await sentinelExists()).toBe(false);
  });

  it("go through pg_dump and pg_restore into another database named the same way", async () => {
    const dump = await web.call(dumpsApi.POST, {
      method: "POST",
      path: `/api/v1/clusters/${clusterId}/dumps`,
      params: { id: clusterId },
      body: { database: NAMES.database },
    });
    expect(dump.status).toBe(202);
    expect(dump.json.dump.database).toBe(NAMES.database);
    expect((await w.waitForJob(dump.json.dump.job.id)).error).toBeNull();
    const restore = await web.call(dumpRestoresApi.POST, {
      method: "POST",
      path: `/api/v1/dumps/${dump.json.dump.id}/restores`,
      params: { id: dump.json.dump.id },
      body: { targetClusterId: clusterId, targetDatabase: NAMES.restoredDatabase },
    });
    expect(restore.status).toBe(202);
    expect((await w.waitForJob(restore.json.restore.job.id)).error).toBeNull();
    // The source as the dump saw it: the 10 rows left after the accident, and the other table.
    const { rows } = await withConnection(
      { host: "127.0.0.1", port: source().port, user: NAMES.user, password: NAMES.password, database: NAMES.restoredDatabase },
      (c) =>
        c.query(
          `SELECT (SELECT count(*)::int FROM ${ident(NAMES.quoted)}) AS quoted, (SELECT count(*)::int FROM ${ident(NAMES.multiline)}) AS multiline`,
        ),
    );
    expect(rows[0]).toEqual({ quoted: 10, multiline: 7 });
    expect(await sentinelExists()).toBe(false);
  });

  it("given to the CLI as WAL file names, never reach outside their directory", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-injection-"));
    try {
      const prefetch = path.join(dir, "prefetch");
      await fs.mkdir(prefetch);
      await fs.writeFile(path.join(dir, "not-wal"), "kept");
      const cli = (...args: string[]) =>
        new Promise<{ code: number; stderr: string }>((resolve) => {
          execFile(
            cat.cli.command,
            [args[0]!, "--cluster", clusterId, "--config", cat.cli.configFile, ...args.slice(1)],
            (err, _stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stderr }),
          );
        });

      // restore_command's %f is a bare file name: "..", "." and paths are not taken from the prefetch directory.
      for (const name of ["..", ".", "../not-wal", FILE_RUN, `../${FILE_RUN}`]) {
        const res = await cli("wal-fetch", "--prefetch-dir", prefetch, name, path.join(dir, "taken"));
        expect(res.code, name).not.toBe(0);
        await expect(fs.stat(path.join(dir, "taken")), name).rejects.toThrow();
      }
      expect((await fs.stat(prefetch)).isDirectory()).toBe(true);
      expect(await fs.readFile(path.join(dir, "not-wal"), "utf8")).toBe("kept");

      // archive_command's %p with shell syntax in its file name is refused as not a WAL file.
      const odd = path.join(dir, `${FILE_RUN};x`);
      await fs.writeFile(odd, Buffer.alloc(16 * 1024 * 1024));
      const pushed = await cli("wal-push", odd);
      expect(pushed.code).not.toBe(0);
      expect(pushed.stderr).toContain("is not a file PostgreSQL archives");
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
    expect(await sentinelExists()).toBe(false);
  });

  it("confirm removing the cluster when typed exactly, and nothing else does", async () => {
    const remove = (confirm?: string) =>
      web.call(clusterApi.DELETE, {
        method: "DELETE",
        path: `/api/v1/clusters/${clusterId}${confirm === undefined ? "" : `?${new URLSearchParams({ confirm })}`}`,
        params: { id: clusterId },
      });
    const missing = await remove();
    expect(missing.status).toBe(400);
    expect(missing.json.error.fields.confirm).toEqual([`Type the cluster's name, “${NAMES.cluster}”, to confirm.`]);
    const wrong = await remove(NAMES.cluster.slice(0, -1));
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.message).toContain("Nothing was changed.");
    expect(await cat.db.cluster.count({ where: { id: clusterId } })).toBe(1);
    expect((await remove(NAMES.cluster)).status).toBe(204);
    expect(await cat.db.cluster.count({ where: { id: clusterId } })).toBe(0);
    expect(await sentinelExists()).toBe(false);
  });
});
