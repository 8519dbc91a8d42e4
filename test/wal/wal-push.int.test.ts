// WAL archiving end to end: pushWalFile/fetchWalFile on real segments from a real server, and the
// bundled `wayback` CLI run by PostgreSQL itself as archive_command under write load.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { parseSegmentName, segmentName } from "@/lib/domain/wal-segment";
import { runProcess } from "@/lib/pg/run-process";
import { historyKey, walKey, walPrefix } from "@/lib/storage/layout";
import { createPosixRepository } from "@/lib/storage/posix";
import type { Repository } from "@/lib/storage/repository";
import { sqlWalCatalog } from "@/lib/wal/catalog-sql";
import { fetchWalFile, WalFileNotFoundError } from "@/lib/wal/fetch-wal-file";
import { pushWalFile, WalChecksumMismatchError } from "@/lib/wal/push-wal-file";
import { InvalidWalFileError } from "@/lib/wal/wal-file";
import { MARKER_DIR } from "@/lib/wal/archived-ahead";
import { startWalPrefetch } from "@/lib/wal/prefetch-wal";
import { takePrefetched } from "@/lib/wal/take-prefetched";
import { buildCli, CLI_SCRIPT } from "@/scripts/build-cli";
import { uniqueName, useCatalog } from "@/test/harness/catalog";
import { testServerUser, useTestCluster, type TestCluster } from "@/test/harness/cluster";
import { pgbenchInit, pgbenchRun } from "@/test/harness/pgbench";
import { createTestRepository } from "@/test/harness/repository";
import pg from "pg";

const SEG = 16 * 1024 * 1024;
const cat = useCatalog();
// archive_mode needs a restart, archive_command only a reload: the server starts archiving
// nothing, and the CLI test sets the command once its cluster row exists (everything written
// before is archived then).
const server = useTestCluster({ settings: { archive_mode: "on", archive_command: "" } });

let scratch: string;
let repoRow: { id: string; path: string };
let repo: Repository;
let clusterId: string;
let systemIdentifier: string;
/** Two complete, consecutive segments copied out of the server's pg_wal. */
let seg1: string;
let seg2: string;

async function createClusterRow(db: Db, c: TestCluster, repositoryId: string, sysid: string | null): Promise<string> {
  const row = await db.cluster.create({
    data: {
      name: uniqueName("wal"),
      host: c.host,
      port: c.port,
      database: "postgres",
      username: c.superuser,
      sslmode: "disable",
      repositoryId,
      walMode: "archive_command",
    },
  });
  if (sysid !== null) await db.clusterCheck.create({ data: { clusterId: row.id, reachable: true, systemIdentifier: sysid } });
  return row.id;
}

const sha256 = async (file: string) =>
  createHash("sha256")
    .update(await fs.readFile(file))
    .digest("hex");

/** Switches WAL and copies the segment just completed out of pg_wal. */
async function takeSegment(c: TestCluster, dir: string): Promise<string> {
  await c.query("CREATE TABLE IF NOT EXISTS filler (x int)");
  await c.query("INSERT INTO filler SELECT generate_series(1, 1000)");
  const { rows } = await c.query("SELECT pg_walfile_name(pg_switch_wal()) AS name");
  const name = rows[0].name as string;
  const dest = path.join(dir, name);
  await fs.copyFile(path.join(c.dataDir, "pg_wal", name), dest);
  return dest;
}

beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-walpush-"));
  repoRow = await createTestRepository(cat.db);
  repo = createPosixRepository(repoRow.path);
  const c = server();
  systemIdentifier = String((await c.query("SELECT system_identifier FROM pg_control_system()")).rows[0].system_identifier);
  clusterId = await createClusterRow(cat.db, c, repoRow.id, systemIdentifier);
  seg1 = await takeSegment(c, scratch);
  seg2 = await takeSegment(c, scratch);
  return () => fs.rm(scratch, { recursive: true, force: true });
});

const push = (filePath: string, id = clusterId) => pushWalFile({ db: cat.db, repo, clusterId: id, filePath, source: "push" });

describe("pushWalFile", () => {
  it("archives a real segment: stored byte for byte, cataloged with its checksum", async () => {
    const name = path.basename(seg1);
    const result = await push(seg1);
    const expectedSha = await sha256(seg1);
    expect(result).toEqual({ name, kind: "segment", alreadyPresent: false, sha256: expectedSha, size: SEG });

    const stored = path.join(repoRow.path, ...walKey(clusterId, name).split("/"));
    expect(await sha256(stored)).toBe(expectedSha);
    const row = await cat.db.walSegment.findUniqueOrThrow({ where: { clusterId_name: { clusterId, name } } });
    expect(row).toMatchObject({
      timeline: 1,
      segno: parseSegmentName(name).segno,
      sizeBytes: BigInt(SEG),
      sha256: expectedSha,
      source: "push",
      firstCommitAt: null,
      lastCommitAt: null,
    });
  });

  it("is idempotent: pushing the same segment again succeeds without rewriting anything", async () => {
    const name = path.basename(seg1);
    const stored = path.join(repoRow.path, ...walKey(clusterId, name).split("/"));
    const before = await fs.stat(stored);
    const rowBefore = await cat.db.walSegment.findUniqueOrThrow({ where: { clusterId_name: { clusterId, name } } });

    const again = await push(seg1);
    expect(again).toMatchObject({ name, alreadyPresent: true, sha256: rowBefore.sha256 });

    const after = await fs.stat(stored);
    expect({ ino: after.ino, mtimeMs: after.mtimeMs }).toEqual({ ino: before.ino, mtimeMs: before.mtimeMs });
    expect(await cat.db.walSegment.findUniqueOrThrow({ where: { clusterId_name: { clusterId, name } } })).toEqual(rowBefore);
    expect((await fs.readdir(path.dirname(stored))).filter((f) => f.startsWith(".tmp-"))).toEqual([]);
  });

  it("fails loudly on the same name with different contents and leaves the archive untouched", async () => {
    const name = path.basename(seg1);
    const stored = path.join(repoRow.path, ...walKey(clusterId, name).split("/"));
    const storedSha = await sha256(stored);
    const tampered = path.join(scratch, "tampered", name);
    await fs.mkdir(path.dirname(tampered));
    const bytes = await fs.readFile(seg1);
    bytes[SEG - 100] = bytes[SEG - 100]! ^ 0xff; // header intact: only the checksum can tell
    await fs.writeFile(tampered, bytes);
    const tamperedSha = await sha256(tampered);

    const err = await push(tampered).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalChecksumMismatchError);
    expect((err as Error).message).toMatch(/^CHECKSUM MISMATCH: WAL file [0-9A-F]{24} is already archived/);
    expect((err as Error).message).toContain(name);
    expect((err as Error).message).toContain(storedSha);
    expect((err as Error).message).toContain(tamperedSha);
    expect(await sha256(stored)).toBe(storedSha);
    expect((await cat.db.walSegment.findUniqueOrThrow({ where: { clusterId_name: { clusterId, name } } })).sha256).toBe(storedSha);
    expect(await cat.db.alert.findFirst({ where: { clusterId, rule: "wal_refused", state: "open" } })).toMatchObject({
      message: expect.stringContaining(`refused to archive WAL file ${name}: CHECKSUM MISMATCH`),
    });
    await push(seg1); // the real one again: archived, which resolves the alert
    expect(await cat.db.alert.findFirst({ where: { clusterId, rule: "wal_refused", state: "open" } })).toBeNull();
  });

  it("refuses empty, short and non-WAL files, and stores nothing for them", async () => {
    const { segno } = parseSegmentName(path.basename(seg2));
    const names = [1n, 2n, 3n].map((n) => segmentName(1, segno + 100n + n));
    const [empty, short, noise] = names.map((n) => path.join(scratch, n)) as [string, string, string];
    await fs.writeFile(empty, "");
    await fs.writeFile(short, (await fs.readFile(seg1)).subarray(0, 4096));
    await fs.writeFile(noise, randomBytes(SEG));

    await expect(push(empty)).rejects.toThrow(`WAL file ${names[0]} is empty`);
    await expect(push(short)).rejects.toThrow(`WAL file ${names[1]} is 4096 bytes, a WAL segment is 16777216`);
    await expect(push(noise)).rejects.toThrow(`WAL file ${names[2]} does not start with a WAL page header`);
    for (const n of names) {
      expect(await repo.stat(walKey(clusterId, n))).toBeNull();
      expect(await cat.db.walSegment.findUnique({ where: { clusterId_name: { clusterId, name: n } } })).toBeNull();
    }

    // One alert for the refusals, naming the last file and why; the next file archived resolves it.
    const refused = await cat.db.alert.findFirstOrThrow({ where: { clusterId, rule: "wal_refused" }, include: { events: true } });
    expect(refused).toMatchObject({
      state: "open",
      severity: "critical",
      occurrences: 3,
      message: expect.stringContaining(
        `refused to archive WAL file ${names[2]}: WAL file ${names[2]} does not start with a WAL page header`,
      ),
    });
    expect(refused.events.map((e) => e.kind)).toEqual(["opened"]);
    await push(seg1);
    const after = await cat.db.alert.findUniqueOrThrow({ where: { id: refused.id }, include: { events: true } });
    expect(after).toMatchObject({ state: "resolved", resolvedAt: expect.any(Date), openKey: null });
    expect(after.events.map((e) => e.kind).sort()).toEqual(["opened", "resolved"]);
  });

  it("refuses a segment whose header disagrees with its name", async () => {
    const name = path.basename(seg2);
    // A header from a later timeline than the name's (xlp_tli, bytes 4–7 of the first page). The
    // other way round is a promoted server's first segment, which starts with its parent's pages.
    const laterTimeline = Buffer.from(await fs.readFile(seg2));
    laterTimeline.writeUInt32LE(3, 4);
    const otherTimeline = path.join(scratch, `00000002${name.slice(8)}`);
    await fs.writeFile(otherTimeline, laterTimeline);
    const otherPosition = path.join(scratch, segmentName(1, parseSegmentName(name).segno + 7n));
    await fs.copyFile(seg2, otherPosition);
    await expect(push(otherTimeline)).rejects.toThrow(`belongs to timeline 3, its name says 2`);
    await expect(push(otherPosition)).rejects.toThrow(/starts at WAL position 0\/[0-9A-F]+, its name says/);
  });

  it("refuses a segment written by another database system than the cluster's", async () => {
    const other = await createClusterRow(cat.db, server(), repoRow.id, "7000000000000000001");
    const err = await push(seg2, other).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidWalFileError);
    expect((err as Error).message).toContain(
      `was written by the database system ${systemIdentifier}, but cluster ${other} is system 7000000000000000001`,
    );
    expect(await repo.stat(walKey(other, path.basename(seg2)))).toBeNull();
  });

  it("archives a timeline history file with its content, idempotently; a different one fails", async () => {
    const file = path.join(scratch, "00000002.history");
    const content = "1\t0/3000000\tno recovery target specified\n";
    await fs.writeFile(file, content);
    const first = await push(file);
    expect(first).toMatchObject({ name: "00000002.history", kind: "history", alreadyPresent: false, size: content.length });
    expect(await fs.readFile(path.join(repoRow.path, ...historyKey(clusterId, "00000002.history").split("/")), "utf8")).toBe(content);
    expect(await cat.db.walHistory.findUniqueOrThrow({ where: { clusterId_timeline: { clusterId, timeline: 2 } } })).toMatchObject({
      content,
      sha256: first.sha256,
    });
    expect((await push(file)).alreadyPresent).toBe(true);

    const changed = path.join(scratch, "changed", "00000002.history");
    await fs.mkdir(path.dirname(changed));
    await fs.writeFile(changed, "1\t0/4000000\tno recovery target specified\n");
    await expect(push(changed)).rejects.toThrow(/CHECKSUM MISMATCH: WAL file 00000002.history/);
  });

  it("stores .partial and .backup files next to the segments without a catalog row; refuses other names", async () => {
    const name = path.basename(seg2);
    const partial = path.join(scratch, `${name}.partial`);
    await fs.copyFile(seg2, partial);
    expect(await push(partial)).toMatchObject({ kind: "partial", alreadyPresent: false, size: SEG });

    const backup = path.join(scratch, `${name}.00000028.backup`);
    await fs.writeFile(backup, `START WAL LOCATION: 0/3000028 (file ${name})\nSTOP WAL LOCATION: 0/3000100 (file ${name})\n`);
    expect(await push(backup)).toMatchObject({ kind: "backup", alreadyPresent: false });
    expect(await repo.stat(walKey(clusterId, `${name}.00000028.backup`))).not.toBeNull();
    expect(await cat.db.walSegment.count({ where: { clusterId, name: { startsWith: name } } })).toBe(0);

    const garbage = path.join(scratch, "archive_status");
    await fs.writeFile(garbage, "x");
    await expect(push(garbage)).rejects.toThrow("archive_status is not a file PostgreSQL archives");
  });
});

describe("fetchWalFile", () => {
  it("copies an archived segment and a history file back, atomically named", async () => {
    await push(seg2);
    const dest = path.join(scratch, "restore", "RECOVERYXLOG");
    await fs.mkdir(path.dirname(dest));
    const name = path.basename(seg2);
    const expected = await sha256(seg2);
    expect(await fetchWalFile({ repo, clusterId, name, destPath: dest, expectedSha256: expected })).toEqual({
      size: SEG,
      sha256: expected,
    });
    expect(await sha256(dest)).toBe(expected);
    expect(await fs.readdir(path.dirname(dest))).toEqual(["RECOVERYXLOG"]);

    const hist = path.join(scratch, "restore", "RECOVERYHISTORY");
    await fetchWalFile({ repo, clusterId, name: "00000002.history", destPath: hist });
    expect(await fs.readFile(hist, "utf8")).toBe("1\t0/3000000\tno recovery target specified\n");
  });

  it("says so when the file is not in the archive, and writes nothing", async () => {
    const dest = path.join(scratch, "absent", "RECOVERYXLOG");
    await fs.mkdir(path.dirname(dest));
    const err = await fetchWalFile({ repo, clusterId, name: "0000000100000009000000FF", destPath: dest }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalFileNotFoundError);
    expect((err as Error).message).toBe(`WAL file 0000000100000009000000FF is not in the archive of cluster ${clusterId}.`);
    await expect(fetchWalFile({ repo, clusterId, name: "00000009.history", destPath: dest })).rejects.toBeInstanceOf(WalFileNotFoundError);
    expect(await fs.readdir(path.dirname(dest))).toEqual([]);
  });

  it("refuses to hand over a copy whose checksum differs from the catalog's", async () => {
    const dest = path.join(scratch, "corrupt", "RECOVERYXLOG");
    await fs.mkdir(path.dirname(dest));
    await expect(
      fetchWalFile({ repo, clusterId, name: path.basename(seg2), destPath: dest, expectedSha256: "0".repeat(64) }),
    ).rejects.toThrow(/CHECKSUM MISMATCH: the archived copy of WAL file/);
    expect(await fs.readdir(path.dirname(dest))).toEqual([]);
  });
});

describe("WAL prefetch for restores", () => {
  async function archived() {
    await push(seg1);
    await push(seg2);
    const rows = await cat.db.walSegment.findMany({
      where: { clusterId, name: { in: [path.basename(seg1), path.basename(seg2)] } },
      orderBy: { segno: "asc" },
    });
    return rows.map((r) => ({ name: r.name, timeline: r.timeline, segno: r.segno, sha256: r.sha256 }));
  }
  const until = async (cond: () => Promise<boolean>) => {
    for (let i = 0; i < 200 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 25));
    expect(await cond()).toBe(true);
  };
  const present = (file: string) =>
    fs.access(file).then(
      () => true,
      () => false,
    );

  it("fetches ahead no more than its depth, hands verified files over, and removes its directory", async () => {
    const segments = await archived();
    const dir = path.join(scratch, "prefetch");
    const prefetch = await startWalPrefetch({ repo, clusterId, dir, segments, depth: 1, onError: (e) => expect.fail(e.message) });
    const [first, second] = segments.map((s) => s.name) as [string, string];
    await until(() => present(path.join(dir, first)));
    await new Promise((r) => setTimeout(r, 200));
    expect(await present(path.join(dir, second))).toBe(false);

    const dest = path.join(scratch, "RECOVERYXLOG");
    expect(await takePrefetched(dir, first, dest)).toBe(true);
    expect(await sha256(dest)).toBe(segments[0]!.sha256);
    await until(() => present(path.join(dir, second)));
    expect(await takePrefetched(dir, second, dest)).toBe(true);
    expect(await sha256(dest)).toBe(segments[1]!.sha256);
    expect(await takePrefetched(dir, "000000010000000F000000FF", dest)).toBe(false);

    await prefetch.stop();
    expect(await present(dir)).toBe(false);
  });

  it("never hands over a segment whose checksum differs from the catalog's", async () => {
    const segments = (await archived()).map((s) => ({ ...s, sha256: "0".repeat(64) }));
    const dir = path.join(scratch, "prefetch-bad");
    const errors: Error[] = [];
    const prefetch = await startWalPrefetch({ repo, clusterId, dir, segments, onError: (e) => errors.push(e) });
    await until(async () => errors.length > 0);
    expect(errors[0]!.message).toMatch(/CHECKSUM MISMATCH/);
    expect(await fs.readdir(dir)).toEqual([]);
    await prefetch.stop();
  });
});

describe("wayback CLI as archive_command", () => {
  let bundle: string;
  let cliDir: string;
  let configFile: string;
  let cliRepoPath: string;
  let cliClusterId: string;

  beforeAll(async () => {
    bundle = await buildCli();
    const osUser = await testServerUser();
    // Everything archive_command touches must be usable by the server's OS user.
    cliDir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-cli-"));
    await fs.chmod(cliDir, 0o755);
    cliRepoPath = path.join(cliDir, "repo");
    await fs.mkdir(cliRepoPath, { mode: 0o750 });
    const repoRowCli = await cat.db.repository.create({ data: { name: uniqueName("cli-repo"), kind: "posix", path: cliRepoPath } });
    cliClusterId = await createClusterRow(cat.db, server(), repoRowCli.id, systemIdentifier);
    configFile = path.join(cliDir, "wayback.conf");
    await fs.writeFile(configFile, `# catalog\nDATABASE_URL="${cat.databaseUrl}"\n`, { mode: 0o600 });
    if (osUser) {
      await fs.chown(cliRepoPath, osUser.uid, osUser.gid);
      await fs.chown(configFile, osUser.uid, osUser.gid);
    }
    return () => fs.rm(cliDir, { recursive: true, force: true });
  });

  it("fails with one line and exit 1 on a bad invocation", async () => {
    const err = await runProcess(process.execPath, [
      bundle,
      "wal-push",
      "--cluster",
      cliClusterId,
      "--config",
      configFile,
      "/nonexistent/000000010000000000000001",
    ]).catch((e: unknown) => e as { code: number; stderrTail: string });
    expect(err).toMatchObject({ code: 1 });
    expect((err as { stderrTail: string }).stderrTail).toBe("wayback: /nonexistent/000000010000000000000001 does not exist.\n");

    const loose = path.join(cliDir, "loose.conf");
    await fs.writeFile(loose, `DATABASE_URL=${cat.databaseUrl}\n`, { mode: 0o644 });
    await fs.chmod(loose, 0o644);
    const err2 = await runProcess(process.execPath, [bundle, "wal-fetch", "--cluster", cliClusterId, "--config", loose, "x", "y"]).catch(
      (e: unknown) => e as { code: number; stderrTail: string },
    );
    expect((err2 as { stderrTail: string }).stderrTail).toMatch(/^wayback: refusing config file .* readable by every user/);
  });

  it("archives every segment PostgreSQL completes under load: no failure, no gap, catalog = repository", async () => {
    const c = server();
    const command = `${CLI_SCRIPT} wal-push --cluster ${cliClusterId} --config ${configFile} %p`;
    await c.query(`ALTER SYSTEM SET archive_command = '${command.replaceAll("'", "''")}'`);
    await c.query("SELECT pg_reload_conf()");

    await pgbenchInit(c, 1);
    const load = pgbenchRun(c, { seconds: 10, clients: 2 });
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 2000));
      await c.query("SELECT pg_switch_wal()");
    }
    await load;
    const last = (await c.query("SELECT pg_walfile_name(pg_switch_wal()) AS name")).rows[0].name as string;

    // Wait for the archiver to reach the last completed segment (or to fail).
    const deadline = Date.now() + 90_000;
    let stats: { archived_count: string; last_archived_wal: string | null; failed_count: string; last_failed_wal: string | null };
    for (;;) {
      stats = (await c.query("SELECT archived_count, last_archived_wal, failed_count, last_failed_wal FROM pg_stat_archiver")).rows[0];
      if (Number(stats.failed_count) > 0 || (stats.last_archived_wal !== null && stats.last_archived_wal >= last)) break;
      if (Date.now() > deadline) throw new Error(`archiver did not reach ${last}: ${JSON.stringify(stats)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(Number(stats.failed_count), `last failed: ${stats.last_failed_wal}`).toBe(0);
    expect(stats.last_archived_wal).toBe(last);
    const archived = Number(stats.archived_count);
    expect(archived).toBeGreaterThan(5);

    const rows = await cat.db.walSegment.findMany({ where: { clusterId: cliClusterId }, orderBy: { segno: "asc" } });
    expect(rows).toHaveLength(archived);
    expect(rows.every((r) => r.source === "push" && r.timeline === 1 && r.sizeBytes === BigInt(SEG))).toBe(true);
    // Contiguous from the first archived segment to last_archived_wal.
    const first = rows[0]!.segno;
    expect(rows.map((r) => r.name)).toEqual(rows.map((_, i) => segmentName(1, first + BigInt(i))));
    expect(rows.at(-1)!.name).toBe(last);

    // The repository holds exactly those files, with the checksums the catalog recorded.
    const cliRepo = createPosixRepository(cliRepoPath);
    const keys: string[] = [];
    for await (const o of cliRepo.list(walPrefix(cliClusterId))) keys.push(o.key);
    expect(keys).toEqual(rows.map((r) => walKey(cliClusterId, r.name)));
    for (const r of rows) {
      expect((await cliRepo.checksum(walKey(cliClusterId, r.name))).sha256, r.name).toBe(r.sha256);
    }

    // The backlog went through the background pusher, which leaves nothing behind once idle.
    const markers = path.join(c.dataDir, "pg_wal", MARKER_DIR);
    for (let i = 0; i < 100 && (await fs.readdir(markers)).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await fs.readdir(markers)).toEqual([]);
  });

  it("archives ahead: one pusher archives the waiting segments, archive_command answers from its markers", async () => {
    // A pg_wal of our own, as the server's archiver sees it: two segments waiting.
    const walDir = path.join(cliDir, "ahead", "pg_wal");
    await fs.mkdir(path.join(walDir, "archive_status"), { recursive: true });
    const names = [path.basename(seg1), path.basename(seg2)] as const;
    for (const n of names) {
      await fs.copyFile(path.join(scratch, n), path.join(walDir, n));
      await fs.writeFile(path.join(walDir, "archive_status", `${n}.ready`), "");
    }
    const osUser = await testServerUser();
    if (osUser) await runProcess("chown", ["-R", `${osUser.uid}:${osUser.gid}`, path.join(cliDir, "ahead")]);
    const asServer = { cwd: path.dirname(walDir), asUser: osUser };

    await runProcess(CLI_SCRIPT, ["wal-push", "--cluster", cliClusterId, "--config", configFile, `pg_wal/${names[0]}`], asServer);
    await fs.rename(path.join(walDir, "archive_status", `${names[0]}.ready`), path.join(walDir, "archive_status", `${names[0]}.done`));
    // The second was archived by the pusher meanwhile: the script answers without even starting Node.
    const marker = path.join(walDir, MARKER_DIR, names[1]);
    for (
      let i = 0;
      i < 100 &&
      !(await fs.access(marker).then(
        () => true,
        () => false,
      ));
      i++
    )
      await new Promise((r) => setTimeout(r, 50));
    const saved = await fs.readFile(marker);
    const pushSecond = ["wal-push", "--cluster", cliClusterId, "--config", configFile, `pg_wal/${names[1]}`];
    await runProcess(await scriptWithoutNode(), pushSecond, asServer);
    await expect(fs.access(marker)).rejects.toThrow(/ENOENT/);
    // Node answers from the same marker, with no catalog to reach.
    await fs.writeFile(marker, saved);
    await runProcess(process.execPath, [bundle, ...pushSecond.slice(0, 3), `pg_wal/${names[1]}`], {
      ...asServer,
      env: { DATABASE_URL: undefined },
    });
    for (const n of names) {
      const row = await cat.db.walSegment.findUniqueOrThrow({ where: { clusterId_name: { clusterId: cliClusterId, name: n } } });
      expect(await sha256(path.join(cliRepoPath, ...walKey(cliClusterId, n).split("/")))).toBe(row.sha256);
    }

    // A marker is only good for the very file it was written for: not once the file changed.
    await fs.writeFile(marker, saved);
    await fs.utimes(path.join(walDir, names[1]), new Date(), new Date(Date.now() - 60_000));
    await expect(runProcess(await scriptWithoutNode(), pushSecond, asServer)).rejects.toMatchObject({ code: 1 });
    const err = await runProcess(process.execPath, [bundle, "wal-push", "--cluster", cliClusterId, `pg_wal/${names[1]}`], {
      ...asServer,
      env: { DATABASE_URL: undefined },
    }).catch((e: unknown) => e as { code: number; stderrTail: string });
    expect(err).toMatchObject({ code: 1, stderrTail: expect.stringMatching(/DATABASE_URL is not set/) });
  });

  it("wal-fetch as restore_command: copies a segment to %p, exit 1 when absent", async () => {
    const row = await cat.db.walSegment.findFirstOrThrow({ where: { clusterId: cliClusterId }, orderBy: { segno: "desc" } });
    // restore_command runs in the data directory and gets a relative %p.
    const restoreDir = path.join(cliDir, "restore");
    await fs.mkdir(path.join(restoreDir, "pg_wal"), { recursive: true });
    await runProcess(process.execPath, [bundle, "wal-fetch", "--cluster", cliClusterId, row.name, "pg_wal/RECOVERYXLOG"], {
      cwd: restoreDir,
      env: { DATABASE_URL: cat.databaseUrl },
    });
    expect(await sha256(path.join(restoreDir, "pg_wal", "RECOVERYXLOG"))).toBe(row.sha256);

    const err = await runProcess(
      process.execPath,
      [bundle, "wal-fetch", "--cluster", cliClusterId, "000000010000000F000000FF", "pg_wal/RECOVERYXLOG2"],
      {
        cwd: restoreDir,
        env: { DATABASE_URL: cat.databaseUrl },
      },
    ).catch((e: unknown) => e as { code: number; stderrTail: string });
    expect(err).toMatchObject({
      code: 1,
      stderrTail: `wayback: WAL file 000000010000000F000000FF is not in the archive of cluster ${cliClusterId}.\n`,
    });
  });

  /** bin/wayback as built, but with nothing to hand over to: it can only succeed on its own fast paths. */
  async function scriptWithoutNode(): Promise<string> {
    const file = path.join(cliDir, "wayback-without-node");
    await fs.writeFile(file, (await fs.readFile(CLI_SCRIPT, "utf8")).replace(/^NODE=.*$/m, "NODE=/bin/false"), { mode: 0o755 });
    return file;
  }

  it("wal-fetch --prefetch-dir moves a prefetched segment into place without reaching the catalog", async () => {
    const restoreDir = path.join(cliDir, "restore-prefetched");
    const prefetchDir = path.join(cliDir, "prefetched");
    await fs.mkdir(path.join(restoreDir, "pg_wal"), { recursive: true });
    await fs.mkdir(prefetchDir);
    const name = path.basename(seg1);
    await fs.copyFile(seg1, path.join(prefetchDir, name));
    // No DATABASE_URL and no config: only the fast path can succeed.
    await runProcess(
      process.execPath,
      [bundle, "wal-fetch", "--cluster", cliClusterId, "--prefetch-dir", prefetchDir, name, "pg_wal/RECOVERYXLOG"],
      { cwd: restoreDir, env: { DATABASE_URL: undefined } },
    );
    expect(await sha256(path.join(restoreDir, "pg_wal", "RECOVERYXLOG"))).toBe(await sha256(seg1));
    expect(await fs.readdir(prefetchDir)).toEqual([]);

    // The script does the same without starting Node.
    await fs.copyFile(seg2, path.join(prefetchDir, path.basename(seg2)));
    await runProcess(
      await scriptWithoutNode(),
      ["wal-fetch", "--cluster", cliClusterId, "--prefetch-dir", prefetchDir, path.basename(seg2), "pg_wal/RECOVERYXLOG"],
      { cwd: restoreDir },
    );
    expect(await sha256(path.join(restoreDir, "pg_wal", "RECOVERYXLOG"))).toBe(await sha256(seg2));
    await expect(
      runProcess(
        await scriptWithoutNode(),
        ["wal-fetch", "--cluster", cliClusterId, "--prefetch-dir", prefetchDir, path.basename(seg2), "pg_wal/X"],
        { cwd: restoreDir },
      ),
    ).rejects.toMatchObject({ code: 1 });
  });

  it("uses the catalog through plain SQL with the same results as Prisma", async () => {
    const client = new pg.Client({ connectionString: cat.databaseUrl });
    await client.connect();
    try {
      const sql = sqlWalCatalog(client);
      expect(await sql.systemIdentifier(cliClusterId)).toBe(systemIdentifier);
      expect(await sql.clusterRepository(cliClusterId)).toEqual({ repository: { kind: "posix", path: cliRepoPath } });
      expect(await sql.clusterRepository("00000000-0000-0000-0000-000000000000")).toBeNull();
      expect(await sql.clusterRepository("not-a-uuid")).toBeNull();
      const row = await cat.db.walSegment.findFirstOrThrow({ where: { clusterId: cliClusterId } });
      const again = {
        clusterId: cliClusterId,
        name: row.name,
        timeline: 1,
        segno: row.segno,
        sizeBytes: SEG,
        sha256: row.sha256,
        source: "push" as const,
      };
      expect(await sql.recordSegment(again)).toEqual({ inserted: false, sha256: row.sha256 });
      expect(await sql.recordSegment({ ...again, sha256: "f".repeat(64) })).toEqual({ inserted: false, sha256: row.sha256 });
      expect(await sql.segmentChecksum(cliClusterId, row.name)).toBe(row.sha256);
    } finally {
      await client.end();
    }
  });

  it("pushes through the CLI with the same checks as in-process (checksum mismatch → exit 1)", async () => {
    const row = await cat.db.walSegment.findFirstOrThrow({ where: { clusterId: cliClusterId }, orderBy: { segno: "asc" } });
    const stored = path.join(cliRepoPath, ...walKey(cliClusterId, row.name).split("/"));
    const bytes = await fs.readFile(stored);
    bytes[SEG - 1] = bytes[SEG - 1]! ^ 0xff;
    const file = path.join(cliDir, "tampered", row.name);
    await fs.mkdir(path.dirname(file));
    await fs.writeFile(file, bytes);
    const err = await runProcess(process.execPath, [bundle, "wal-push", "--cluster", cliClusterId, file], {
      env: { DATABASE_URL: cat.databaseUrl },
    }).catch((e: unknown) => e as { code: number; stderrTail: string });
    expect(err).toMatchObject({ code: 1 });
    expect((err as { stderrTail: string }).stderrTail).toMatch(
      new RegExp(`^wayback: CHECKSUM MISMATCH: WAL file ${row.name} .*sha256 ${row.sha256}`),
    );
    expect(await sha256(stored)).toBe(row.sha256);
  });
});
