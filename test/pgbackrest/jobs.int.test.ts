// A pgBackRest cluster driven through Wayback's jobs, as the product drives it (decision 0029): the
// worker's backup job takes a full, an incremental and a differential with pgbench writes between
// (the stanza created and checked by the first), their WAL reaches the catalog and the WAL index;
// restore jobs to a time after each set give exact rows; a drill restores from the incremental;
// a verification job finds a corrupted file in the repository; a retention job expires exactly
// the sets the GFS plan lets go.
import { chmod, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestBackup } from "@/lib/backups/request-backup";
import { restoreRequestInput } from "@/lib/domain/restore-input";
import type { RestoreTarget } from "@/lib/domain/restore-target-input";
import { drillRequestInput } from "@/lib/domain/drill-input";
import { archiveCommandFor, stanzaNameFor, stanzaRepositoryPath } from "@/lib/domain/pgbackrest-config";
import { requestDrill } from "@/lib/drills/request-drill";
import { ownedStanzaDir } from "@/lib/engines/cluster-engine";
import { destroyInstance, setSettings } from "@/lib/pg/instance";
import { readStanzaInfo } from "@/lib/pgbackrest/stanza-commands";
import { STANZA_CONFIG_FILE } from "@/lib/pgbackrest/write-stanza-config";
import { assignPolicy } from "@/lib/policies/assign-policy";
import { savePolicy } from "@/lib/policies/save-policy";
import { requestRestore } from "@/lib/restores/request-restore";
import { requestRetention } from "@/lib/retention/request-retention";
import { requestVerification } from "@/lib/verification/request-verification";
import { ensureIndexJob } from "@/lib/wal/ensure-index-job";
import { uniqueName } from "@/test/harness/catalog";
import { testBinaries, testServerUser, useTestCluster } from "@/test/harness/cluster";
import { pgbenchInit, pgbenchRun } from "@/test/harness/pgbench";
import { testPolicyInput } from "@/test/harness/policy";
import { registerTestCluster } from "@/test/harness/registered-cluster";
import { createTestRepository } from "@/test/harness/repository";
import { until } from "@/test/harness/until";
import { useWorker } from "@/test/harness/worker";
import { allowPeerForPostgres } from "@/test/pgbackrest/copies";

const LONG = 600_000;
// The archive supervisor reads the stanza into the catalog as it does in production (drills wait on it).
const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
const source = useTestCluster({ settings: { archive_mode: "on", archive_command: "/bin/false" } });
let clusterId: string;
let repoPath: string;
let userId: string;
let stanza: { name: string; configPath: string };
const started: { dataDir: string; port: number }[] = [];

beforeAll(async () => {
  const c = source();
  const repo = await createTestRepository(w.db);
  repoPath = repo.path;
  await chmod(repoPath, 0o755);
  clusterId = await registerTestCluster(w.db, {
    secretKey: w.config().secretKey,
    source: c,
    name: "pgbackrest-jobs",
    repositoryId: repo.id,
    input: { walMode: "archive_command", localDataDir: c.dataDir },
  });
  userId = (await w.db.user.create({ data: { username: uniqueName("op"), passwordHash: "x", role: "operator" } })).id;
  // A cluster still on Wayback's own engine takes full backups only.
  await expect(requestBackup(w.db, w.queue(), clusterId, "incr")).rejects.toMatchObject({
    code: "validation_failed",
    message: expect.stringMatching(/always full: differential and incremental backups need the pgBackRest engine/),
  });
  // The worker writes the stanza config it owns before the first set, where it looks for it;
  // the server user walks down to it (the test's spool directory is private to the test).
  await mkdir(w.config().spoolDir, { recursive: true });
  await chmod(w.config().spoolDir, 0o755);
  stanza = {
    name: stanzaNameFor(`jobs ${clusterId.slice(0, 8)}`),
    configPath: path.join(ownedStanzaDir(w.config().spoolDir, clusterId), STANZA_CONFIG_FILE),
  };
  await w.db.cluster.update({ where: { id: clusterId }, data: { engine: "pgbackrest", pgbackrestStanza: stanza.name } });
  await allowPeerForPostgres(c);
  await setSettings(c.spec, { archive_command: archiveCommandFor(stanza.configPath, stanza.name) });
  await c.query("CREATE TABLE marks (n int PRIMARY KEY)");
  await pgbenchInit(c, 1);
}, LONG);

afterAll(async () => {
  const bins = testBinaries();
  const osUser = await testServerUser();
  for (const s of started) await destroyInstance({ dataDir: s.dataDir, port: s.port, bins, osUser }).catch(() => undefined);
});

const engineStanza = async () => ({ ...stanza, osUser: await testServerUser() });

/** Adds rows `from`..`to` to marks and returns the moment after their commit (the server's clock). */
async function mark(from: number, to: number): Promise<string> {
  const c = source();
  await c.query("INSERT INTO marks SELECT generate_series($1::int, $2::int)", [from, to]);
  const { rows } = await c.query("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS t");
  await new Promise((r) => setTimeout(r, 20)); // the next commit is stamped after the moment
  return rows[0].t as string;
}

/** A commit, then the segment switched and waited for in the stanza's archive. */
async function archiveNow(): Promise<void> {
  const c = source();
  await c.query("INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, 1, 0, now())");
  const name = (await c.query("SELECT pg_walfile_name(pg_switch_wal()) AS name")).rows[0].name as string;
  const segno = BigInt(`0x${name.slice(8, 16)}`) * 256n + BigInt(`0x${name.slice(16)}`);
  const st = await engineStanza();
  await until(`WAL ${name} in the stanza's archive`, async () => ((await readStanzaInfo(st)).archive.at(-1)?.max.segno ?? -1n) >= segno);
}

async function backUp(kind: "full" | "diff" | "incr") {
  const job = await w.waitForJob((await requestBackup(w.db, w.queue(), clusterId, kind)).id);
  expect(job.error).toBeNull();
  expect(job.status).toBe("succeeded");
  return { job, backup: await w.db.backup.findUniqueOrThrow({ where: { jobId: job.id } }) };
}

/** Every WAL row the catalog has for the cluster read by the WAL index (commit times for time targets). */
async function indexAll(): Promise<void> {
  await until("the cluster's WAL indexed", async () => {
    if ((await w.db.walSegment.count({ where: { clusterId, indexedAt: null } })) === 0) return true;
    const job = await ensureIndexJob(w.db, w.queue(), clusterId);
    if (job) expect((await w.waitForJob(job.id)).error).toBeNull();
    return false;
  });
}

async function marksAt(target: RestoreTarget): Promise<number> {
  const { restore } = await requestRestore(w.db, w.queue(), {
    clusterId,
    input: restoreRequestInput.parse({ target }),
    userId,
    restore: { roots: w.config().restore.roots, ports: w.config().restore.ports },
  });
  started.push({ dataDir: restore!.dataDir, port: restore!.port });
  const job = await w.waitForJob(restore!.jobId!);
  expect(job.error).toBeNull();
  const row = await w.db.restore.findUniqueOrThrow({ where: { id: restore!.id } });
  const c = new pg.Client({
    host: "127.0.0.1",
    port: row.port,
    user: source().superuser,
    password: source().password,
    database: "postgres",
  });
  await c.connect();
  try {
    return (await c.query("SELECT count(*)::int AS n FROM marks")).rows[0].n as number;
  } finally {
    await c.end();
    await destroyInstance({ dataDir: row.dataDir, port: row.port, bins: testBinaries(), osUser: await testServerUser() });
  }
}

describe("a pgBackRest cluster through the worker's jobs", () => {
  const sets: Record<string, { id: string; label: string }> = {};
  const moments: Record<string, string> = {};

  it(
    "backs up full → incremental → differential with pgbench writes between, each set recorded with its kind, parent and job",
    async () => {
      const full = await backUp("full");
      expect(full.job.log).toMatch(/stanza config written, stanza created and checked/);
      expect((await stat(stanza.configPath)).mode & 0o777).toBe(0o600);
      expect(full.job.log).toContain(`pgBackRest full set ${full.backup.label} recorded`);
      sets.full = full.backup;
      moments.full = await mark(1, 100);
      await pgbenchRun(source(), { seconds: 3 });
      sets.incr = (await backUp("incr")).backup;

      // A drill from the incremental: the newest set, replayed to the archive's end as the catalog has it.
      const d = await requestDrill(w.db, w.queue(), { clusterId, input: drillRequestInput.parse({ target: "latest" }), userId });
      const drillJob = await w.waitForJob(d.jobId!);
      expect(drillJob.error).toBeNull();
      const drill = await w.db.drill.findUniqueOrThrow({ where: { id: d.id } });
      expect([drill.status, drill.backupId]).toEqual(["passed", sets.incr.id]);

      moments.incr = await mark(101, 250);
      await pgbenchRun(source(), { seconds: 3 });
      sets.diff = (await backUp("diff")).backup;
      moments.diff = await mark(251, 450);
      await mark(451, 460);
      await archiveNow();

      const rows = await w.db.backup.findMany({ where: { clusterId }, orderBy: { startedAt: "asc" } });
      expect(rows.map((b) => [b.id, b.kind, b.parentBackupId, b.status])).toEqual([
        [sets.full.id, "full", null, "complete"],
        [sets.incr.id, "incr", sets.full.id, "complete"],
        [sets.diff.id, "diff", sets.full.id, "complete"],
      ]);
      expect(rows[1]!.storedSizeBytes! < rows[0]!.storedSizeBytes!).toBe(true);
    },
    LONG * 2,
  );

  it(
    "verifies the repository through a job, reading the archive's WAL into the catalog, and restores to a time after each set with exact rows",
    async () => {
      const job = await w.waitForJob((await requestVerification(w.db, w.queue(), clusterId)).id);
      expect(job.error).toBeNull();
      const verification = await w.db.verification.findUniqueOrThrow({ where: { jobId: job.id } });
      expect(verification.status).toBe("passed");
      // The stanza's archive is the catalog's WAL: from the full's start through the segment just switched.
      const info = await readStanzaInfo(await engineStanza());
      const archived = await w.db.walSegment.aggregate({ where: { clusterId }, _min: { segno: true }, _max: { segno: true } });
      expect([archived._min.segno, archived._max.segno]).toEqual([info.archive[0]!.min.segno, info.archive.at(-1)!.max.segno]);
      await indexAll();

      expect(await marksAt({ kind: "time", time: moments.full!, inclusive: true })).toBe(100);
      expect(await marksAt({ kind: "time", time: moments.incr!, inclusive: true })).toBe(250);
      expect(await marksAt({ kind: "time", time: moments.diff!, inclusive: true })).toBe(450);
    },
    LONG * 2,
  );

  it(
    "a verification job finds a corrupted file in the repository, under the set that holds it",
    async () => {
      const base = path.join(stanzaRepositoryPath(repoPath, clusterId), "backup", stanza.name, sets.full!.label, "pg_data", "global");
      const victim = path.join(
        base,
        (await readdir(base)).find((f) => /^\d+\.zst$/.test(f))!,
      );
      const original = await readFile(victim);
      const damaged = Buffer.from(original);
      damaged.write("garbage", Math.min(20, damaged.length - 8));
      await writeFile(victim, damaged);
      try {
        const job = await w.waitForJob((await requestVerification(w.db, w.queue(), clusterId)).id);
        expect(job.status).toBe("failed");
        const verification = await w.db.verification.findUniqueOrThrow({ where: { jobId: job.id }, include: { findings: true } });
        expect(verification.status).toBe("failed");
        expect(verification.findings).toContainEqual(
          expect.objectContaining({
            backupId: sets.full!.id,
            kind: "checksum",
            path: path.relative(path.join(stanzaRepositoryPath(repoPath, clusterId), "backup", stanza.name), victim),
          }),
        );
      } finally {
        await writeFile(victim, original);
      }
    },
    LONG,
  );

  it(
    "a retention job expires exactly the sets the GFS plan lets go, in pgBackRest and in the catalog",
    async () => {
      const full2 = (await backUp("full")).backup;
      const incr2 = (await backUp("incr")).backup;
      // Everything is from today: the minimum decides, and the newest incremental's full comes with it.
      const policy = await savePolicy(w.db, w.queue(), { input: testPolicyInput("pgbackrest", { keepDaily: 0, minComplete: 1 }) });
      await assignPolicy(w.db, w.queue(), { clusterId, policyId: policy.id });
      const job = await w.waitForJob((await requestRetention(w.db, w.queue(), clusterId)).id);
      expect(job.error).toBeNull();
      const left = await w.db.backup.findMany({ where: { clusterId }, orderBy: { startedAt: "asc" }, select: { id: true } });
      expect(left.map((b) => b.id)).toEqual([full2.id, incr2.id]);
      expect((await readStanzaInfo(await engineStanza())).sets.map((s) => s.label)).toEqual([full2.label, incr2.label]);
      const expiries = await w.db.expiry.findMany({ where: { clusterId, kind: "backup" }, select: { label: true, finishedAt: true } });
      expect(new Set(expiries.map((e) => e.label))).toEqual(new Set([sets.full!.label, sets.incr!.label, sets.diff!.label]));
      expect(expiries.every((e) => e.finishedAt !== null)).toBe(true);
    },
    LONG,
  );

  it(
    "restores in place through a job (pgBackRest's --delta under Wayback's undo), to a time after the newest incremental",
    async () => {
      const moment = await mark(1001, 1010);
      await mark(2001, 2005);
      await archiveNow();
      // The archive supervisor reads the newly archived WAL into the catalog; the index reads its commits.
      const info = await readStanzaInfo(await engineStanza());
      await until("the archive's end in the catalog", async () =>
        (await w.db.walSegment.count({ where: { clusterId, segno: info.archive.at(-1)!.max.segno } })) > 0 ? true : null,
      );
      await indexAll();
      const cluster = await w.db.cluster.findUniqueOrThrow({ where: { id: clusterId } });
      const { restore } = await requestRestore(w.db, w.queue(), {
        clusterId,
        input: restoreRequestInput.parse({
          target: { kind: "time", time: moment, inclusive: true },
          destination: { kind: "in_place", confirm: cluster.name },
        }),
        userId,
        restore: { roots: w.config().restore.roots, ports: w.config().restore.ports },
      });
      const job = await w.waitForJob(restore!.jobId!);
      expect(job.error).toBeNull();
      const done = await w.db.restore.findUniqueOrThrow({ where: { id: restore!.id } });
      expect(done).toMatchObject({ status: "complete", destination: "in_place", port: source().port });
      const { rows } = await source().query("SELECT count(*)::int AS n, max(n) AS top FROM marks");
      expect(rows[0]).toEqual({ n: 470, top: 1010 });
      await rm(done.oldDataDir!, { recursive: true, force: true });
    },
    LONG,
  );
});
