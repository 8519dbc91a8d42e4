// archive_command mode as a user meets it: a cluster registered on a repository set up exactly as
// the embedded default sets its own up, the line the cluster page shows pasted into the server,
// PostgreSQL's archiver running it as the server's OS user, and the readiness list judging it.
// Then what a restored copy's superuser (same OS user) can do with the CLI's catalog login.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { getCluster } from "@/lib/clusters/find-clusters";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { walKey } from "@/lib/storage/layout";
import { createPosixRepository } from "@/lib/storage/posix";
import { runProcess } from "@/lib/pg/run-process";
import { getTimeline } from "@/lib/timeline/get-timeline";
import { useCatalog } from "@/test/harness/catalog";
import { testServerUser, useTestCluster } from "@/test/harness/cluster";
import { createTestRepository } from "@/test/harness/repository";
import { until } from "@/test/harness/until";
import { useWorker } from "@/test/harness/worker";
import { registerTestCluster } from "@/test/harness/registered-cluster";

const w = useWorker();
const cat = useCatalog();
// archive_mode needs a restart: on from the start, with nothing to run until the line is pasted.
const server = useTestCluster({ settings: { archive_mode: "on", archive_command: "" } });

let clusterId: string;
let repoPath: string;
let archivedName: string;

/** "Check connection" through the real queue and worker; the cluster's view of it. */
async function check(id: string) {
  const job = await enqueueJob(w.db, w.queue(), "cluster.check", { clusterId: id });
  expect((await w.waitForJob(job.id)).status).toBe("succeeded");
  const view = await getCluster(w.db, id);
  const item = (key: string) => view.lastCheck!.readiness.find((i) => i.key === key);
  return { view, item };
}

async function setArchiveCommand(command: string) {
  await server().query(`ALTER SYSTEM SET archive_command = '${command.replaceAll("'", "''")}'`);
  await server().query("SELECT pg_reload_conf()");
}

const modeOf = async (p: string) => (await fs.stat(p)).mode & 0o7777;

describe("archive_command mode on the embedded default's repository", () => {
  it("archives through the exact line the cluster page shows, with the documented modes, and readiness says so", async () => {
    const c = server();
    const repo = await createTestRepository(w.db);
    repoPath = repo.path;
    clusterId = await registerTestCluster(w.db, {
      secretKey: w.config().secretKey,
      source: c,
      name: "archive",
      repositoryId: repo.id,
      input: { walMode: "archive_command" },
    });

    // Before the line is pasted: the check says exactly what is missing, and shares the WAL area.
    const before = await check(clusterId);
    const line = (await getTimeline(w.db, { clusterId, cli: w.config().cli })).archive.archiveCommand;
    expect(before.item("archive_mode")).toMatchObject({ status: "ok", detail: "archive_mode is on." });
    expect(before.item("archive_command")).toMatchObject({
      status: "fail",
      detail: `archive_command is empty, not the command this cluster needs: "${line}".`,
    });
    expect(before.item("archive_repository")).toMatchObject({ status: "ok" });

    await setArchiveCommand(line);
    await c.query("CREATE TABLE filler AS SELECT g FROM generate_series(1, 10000) g");
    archivedName = (await c.query("SELECT pg_walfile_name(pg_switch_wal()) AS name")).rows[0].name as string;
    const stats = await until(`the archiver to archive ${archivedName}`, async () => {
      const s = (await c.query("SELECT archived_count, last_archived_wal, failed_count, last_failed_wal FROM pg_stat_archiver")).rows[0];
      if (Number(s.failed_count) > 0) throw new Error(`archive_command failed on ${s.last_failed_wal}: ${JSON.stringify(s)}`);
      return s.last_archived_wal !== null && s.last_archived_wal >= archivedName ? s : null;
    });
    expect(Number(stats.archived_count)).toBeGreaterThan(0);
    expect(Number(stats.failed_count)).toBe(0);

    // In the repository, written by the server's OS user, with the modes the README documents.
    const file = path.join(repoPath, ...walKey(clusterId, archivedName).split("/"));
    const row = await w.db.walSegment.findUniqueOrThrow({ where: { clusterId_name: { clusterId, name: archivedName } } });
    expect(row.source).toBe("push");
    expect(createHashOf(await fs.readFile(file))).toBe(row.sha256);
    const osUser = await testServerUser();
    const st = await fs.stat(file);
    if (osUser) expect([st.uid, st.gid]).toEqual([osUser.uid, osUser.gid]);
    expect(await modeOf(file)).toBe(0o640);
    expect(await modeOf(path.dirname(file))).toBe(0o2770); // made by wal-push under the archiver's umask 0077
    expect(await modeOf(path.join(repoPath, clusterId, "wal"))).toBe(0o2770);
    expect(await modeOf(path.join(repoPath, clusterId))).toBe(0o2750);

    // The worker's own writes follow the same rule: group-writable only inside the shared WAL area.
    const repoAsWorker = createPosixRepository(repoPath);
    await repoAsWorker.put(`${clusterId}/wal/0000000200000000/probe`, Buffer.from("x"));
    await repoAsWorker.put(`${clusterId}/backup/probe/file`, Buffer.from("x"));
    expect(await modeOf(path.join(repoPath, clusterId, "wal", "0000000200000000"))).toBe(0o2770);
    expect(await modeOf(path.join(repoPath, clusterId, "wal", "0000000200000000", "probe"))).toBe(0o640);
    expect(await modeOf(path.join(repoPath, clusterId, "backup"))).toBe(0o2750);
    expect(await modeOf(path.join(repoPath, clusterId, "backup", "probe"))).toBe(0o2750);

    const after = await check(clusterId);
    expect(after.item("archive_command")).toMatchObject({ status: "ok", detail: `archive_command is Wayback's: ${line}` });
    expect(after.item("archive_repository")).toMatchObject({ status: "ok" });
    expect(after.view.lastCheck!.readiness.filter((i) => i.status === "fail")).toEqual([]);
  });

  it("names the difference when archive_command is not exactly the line shown", async () => {
    await setArchiveCommand("/bin/true %p");
    const { item } = await check(clusterId);
    expect(item("archive_command")).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/^archive_command is "\/bin\/true %p", not the command this cluster needs: "/),
    });
    expect(item("archive_command")?.fix?.command).toMatch(/^ALTER SYSTEM SET archive_command = '.* wal-push --cluster /);
  });
});

describe("the CLI's catalog login, as a restored copy's superuser finds it", () => {
  it("reads wal.conf, and the role in it can archive and fetch WAL but read no secret and change nothing else", async () => {
    const c = server(); // runs as the servers' OS user, as restored copies do
    const text = (await c.query("SELECT pg_read_file($1) AS t", [cat.cli.configFile])).rows[0].t as string;
    const url = /^DATABASE_URL=(.+)$/m.exec(text)![1]!;
    const cli = new pg.Client({ connectionString: url });
    await cli.connect();
    try {
      const role = (
        await cli.query(
          "SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = current_user",
        )
      ).rows[0];
      expect(role).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolreplication: false, rolbypassrls: false });
      for (const table of [
        "clusters",
        "users",
        "sessions",
        "api_tokens",
        "notification_channels",
        "repositories",
        "wal_segments",
        "alerts",
        "audit_events",
      ]) {
        await expect(cli.query(`SELECT * FROM ${table} LIMIT 1`), table).rejects.toThrow(/permission denied/);
      }
      await expect(
        cli.query(
          "INSERT INTO wal_segments (cluster_id, name, timeline, segno, size_bytes, sha256, source) VALUES ($1, 'x', 1, 1, 1, 'x', 'push')",
          [clusterId],
        ),
      ).rejects.toThrow(/permission denied/);
      await expect(cli.query("UPDATE clusters SET name = 'x'")).rejects.toThrow(/permission denied/);
      await expect(cli.query("CREATE ROLE intruder LOGIN")).rejects.toThrow(/permission denied to create role/);
      await expect(cli.query("CREATE TABLE public.intruder (x int)")).rejects.toThrow(/permission denied/);
      await expect(cli.query("SELECT pg_read_file('postgresql.conf')")).rejects.toThrow(/permission denied/);
      // What it is for still works: the cluster's repository and the segment archived above.
      expect((await cli.query("SELECT kind, path FROM wayback_cli.cluster_repository($1)", [clusterId])).rows).toEqual([
        { kind: "posix", path: repoPath },
      ]);
    } finally {
      await cli.end();
    }

    // wal-fetch with that login, as restore_command runs it: the segment archive_command stored.
    const dest = path.join(c.dataDir, "fetched-segment");
    const osUser = await testServerUser();
    await runProcess(w.config().cli.command, ["wal-fetch", "--cluster", clusterId, "--config", cat.cli.configFile, archivedName, dest], {
      asUser: osUser,
      cwd: "/",
    });
    const row = await w.db.walSegment.findUniqueOrThrow({ where: { clusterId_name: { clusterId, name: archivedName } } });
    expect(createHashOf(await fs.readFile(dest))).toBe(row.sha256);
  });
});

const createHashOf = (data: Buffer) => createHash("sha256").update(data).digest("hex");
