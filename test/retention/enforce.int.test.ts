import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteBackup } from "@/lib/backups/delete-backup";
import { requestBackup } from "@/lib/backups/request-backup";
import { requestDump } from "@/lib/dumps/request-dump";
import { requestDumpBody } from "@/lib/domain/dump-input";
import type { Backup } from "@/lib/db/generated/client";
import { parseLsn } from "@/lib/domain/lsn";
import { testPolicyInput } from "@/test/harness/policy";
import { DEFAULT_WAL_SEGMENT_SIZE, parseSegmentName, segmentOfLsn } from "@/lib/domain/wal-segment";
import { walCutoff } from "@/lib/domain/wal-retention";
import { destroyInstance } from "@/lib/pg/instance";
import { assignPolicy } from "@/lib/policies/assign-policy";
import { retentionRules } from "@/lib/retention/policy-rules";
import { savePolicy } from "@/lib/policies/save-policy";
import { createPosixRepository } from "@/lib/storage/posix";
import { backupPrefix, dumpPrefix, walPrefix } from "@/lib/storage/layout";
import type { Repository } from "@/lib/storage/repository";
import { requestRestore } from "@/lib/restores/request-restore";
import { restoreRequestInput } from "@/lib/domain/restore-input";
import { markBackupExpiring, removeExpiringBackup } from "@/lib/backups/expire-backup";
import { retentionPlanForCluster } from "@/lib/retention/plan-for-cluster";
import { removeWalBelow } from "@/lib/retention/remove-wal";
import { requestRetention } from "@/lib/retention/request-retention";
import { archivedThroughCurrent } from "@/test/harness/archived";
import { backedUpCluster } from "@/test/harness/backed-up-cluster";
import { uniqueName } from "@/test/harness/catalog";
import { testBinaries, testServerUser, useTestCluster } from "@/test/harness/cluster";
import { useWorker } from "@/test/harness/worker";

// The worker's clock: retention plans against it.
let now = new Date();
const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" }, { now: () => now });
const source = useTestCluster();
const DAY = 86_400_000;
const SEG = DEFAULT_WAL_SEGMENT_SIZE;

let clusterId: string;
let repo: { id: string; path: string };
let userId: string;
/** Oldest first; rows in table `t` when each was taken. */
const backups: { backup: Backup; rows: number }[] = [];
const restores: { dataDir: string; port: number }[] = [];

async function takeBackup(): Promise<Backup> {
  const job = await requestBackup(w.db, w.queue(), clusterId);
  expect((await w.waitForJob(job.id)).status).toBe("succeeded");
  return w.db.backup.findUniqueOrThrow({ where: { jobId: job.id } });
}

async function enforce() {
  const job = await requestRetention(w.db, w.queue(), clusterId);
  const done = await w.waitForJob(job.id);
  expect(done.error).toBeNull();
  return { job: done, run: await w.db.retentionRun.findUniqueOrThrow({ where: { jobId: job.id }, include: { expiries: true } }) };
}

const exists = (p: string) =>
  fs.stat(p).then(
    () => true,
    () => false,
  );
const backupDir = (b: Backup) => path.join(repo.path, backupPrefix(clusterId, b.id));
const startSegno = (b: Backup) => segmentOfLsn(parseLsn(b.startLsn!), SEG);

/** Every WAL file in the repository (segments, .partial, .backup) with its segment number. */
async function repoWalSegnos(): Promise<{ name: string; segno: bigint }[]> {
  const files: { name: string; segno: bigint }[] = [];
  for await (const o of createPosixRepository(repo.path).list(walPrefix(clusterId))) {
    const name = path.basename(o.key);
    if (/^[0-9A-F]{24}/.test(name)) files.push({ name, segno: parseSegmentName(name.slice(0, 24)).segno });
  }
  return files;
}

beforeAll(async () => {
  const c = source();
  userId = (await w.db.user.create({ data: { username: uniqueName("op"), passwordHash: "x", role: "operator" } })).id;
  await c.query("CREATE TABLE t (id int PRIMARY KEY)");
  await c.query("INSERT INTO t SELECT generate_series(1, 100)");
  const first = await backedUpCluster(w, c, "retention");
  ({ clusterId, repo } = first);
  backups.push({ backup: first.backup, rows: 100 });
  for (const rows of [200, 300, 400]) {
    await c.query(`INSERT INTO t SELECT generate_series(${rows - 99}, ${rows})`);
    await archivedThroughCurrent(w.db, c, clusterId);
    backups.push({ backup: await takeBackup(), rows });
  }
  await archivedThroughCurrent(w.db, c, clusterId);
  // The four backups as a daily pipeline saw them: 40 days, 9 days and 1 day old, and today.
  now = new Date();
  for (const [i, age] of [40 * DAY, 9 * DAY, 1 * DAY, 10 * 60_000].entries()) {
    const when = new Date(now.getTime() - age);
    backups[i]!.backup = await w.db.backup.update({
      where: { id: backups[i]!.backup.id },
      data: { stopTime: when, startedAt: new Date(when.getTime() - 60_000) },
    });
  }
  const input = testPolicyInput("three-days", { keepDaily: 3 });
  const policy = await savePolicy(w.db, w.queue(), { input });
  await assignPolicy(w.db, w.queue(), { clusterId, policyId: policy.id });
  // Four backups: minutes on a machine shared with other test runs.
});

afterAll(async () => {
  const bins = testBinaries();
  const osUser = await testServerUser();
  for (const r of restores) await destroyInstance({ dataDir: r.dataDir, port: r.port, bins, osUser }).catch(() => undefined);
});

describe("retention enforcement on real backups", () => {
  it("previews the plan it will apply: the last 3 days kept, older backups expired, and the window that remains", async () => {
    const [b1, b2, b3, b4] = backups.map((b) => b.backup);
    const policy = await w.db.policy.findFirstOrThrow({ where: { clusters: { some: { id: clusterId } } } });
    const p = await retentionPlanForCluster(w.db, { clusterId, rules: retentionRules(policy), now });
    expect(p.plan.stopped).toBeNull();
    expect(p.plan.decisions.map((d) => [d.id, d.keep])).toEqual([
      [b4!.id, true],
      [b3!.id, true],
      [b2!.id, false],
      [b1!.id, false],
    ]);
    expect(p.cutoff.keepFromSegno).toBe(startSegno(b3!));
    expect(p.recoverableSince.now).toEqual(b1!.stopTime);
    expect(p.recoverableSince.after).toEqual(b3!.stopTime);
  });

  it("keeps a backup a running restore uses, expires the rest, and removes only the WAL no kept backup needs", async () => {
    const [b1, b2] = backups.map((b) => b.backup);
    const inUse = await w.db.restore.create({
      data: {
        clusterId,
        backupId: b2!.id,
        status: "running",
        targetKind: "immediate",
        timeline: 1,
        planReason: "test",
        destination: "new_instance",
        dataDir: "/nonexistent",
        port: 1,
      },
    });
    const { run } = await enforce();
    expect(run.status).toBe("finished");
    expect(run.backupsExpired).toBe(1);
    const remaining = await w.db.backup.findMany({ where: { clusterId }, select: { id: true } });
    expect(remaining.map((b) => b.id).sort()).toEqual(
      backups
        .slice(1)
        .map((b) => b.backup.id)
        .sort(),
    );
    expect(await exists(backupDir(b1!))).toBe(false);
    expect(await exists(backupDir(b2!))).toBe(true);
    expect(run.expiries.find((e) => e.kind === "backup")).toMatchObject({
      backupId: b1!.id,
      label: b1!.label,
      reason: "outside every retention period",
      finishedAt: expect.any(Date),
    });

    // WAL: everything below b2's start segment went (catalog and files); from it on, all stayed.
    const cut = startSegno(b2!);
    expect(await w.db.walSegment.count({ where: { clusterId, segno: { lt: cut } } })).toBe(0);
    expect(await w.db.walSegment.count({ where: { clusterId, segno: { gte: cut } } })).toBeGreaterThan(0);
    const files = await repoWalSegnos();
    expect(files.filter((f) => f.segno < cut)).toEqual([]);
    expect(files.some((f) => f.segno >= cut)).toBe(true);
    expect(run.walFilesRemoved).toBeGreaterThan(0);
    expect(run.expiries.filter((e) => e.kind === "wal").every((e) => e.finishedAt !== null)).toBe(true);

    await w.db.restore.update({ where: { id: inUse.id }, data: { status: "failed" } });
  });

  it("finishes, on the next run, a backup expiry and a WAL removal that crashed half-way", async () => {
    const [, b2, b3] = backups.map((b) => b.backup);
    const run = await w.db.retentionRun.create({ data: { clusterId } });
    const real = createPosixRepository(repo.path);
    const crashing = (failOn: "removePrefix" | "remove"): Repository =>
      new Proxy(real, {
        get(target, prop, receiver) {
          if (prop === failOn) return () => Promise.reject(new Error("simulated crash"));
          const v = Reflect.get(target, prop, receiver);
          return typeof v === "function" ? v.bind(target) : v;
        },
      });
    // The backup is marked and its expiry recorded, then the process dies before its files go.
    expect(
      await markBackupExpiring(w.db, { runId: run.id, clusterId, backupId: b2!.id, reason: "outside every retention period" }),
    ).toMatchObject({ marked: true });
    await expect(
      removeExpiringBackup(w.db, { clusterId, backupId: b2!.id, openRepository: async () => crashing("removePrefix") }),
    ).rejects.toThrow("simulated crash");
    expect((await w.db.backup.findUniqueOrThrow({ where: { id: b2!.id } })).status).toBe("expiring");
    // A backup being expired can no longer be restored.
    const input = restoreRequestInput.parse({ target: { kind: "immediate", backupId: b2!.id } });
    await expect(requestRestore(w.db, w.queue(), { clusterId, input, userId, restore: w.config().restore })).rejects.toThrow();
    // WAL: the catalog rows go, then the process dies before the files do.
    const cutoff = walCutoff({ retained: [{ startLsn: parseLsn(b3!.startLsn!) }], segmentSize: SEG, hold: null });
    await expect(
      removeWalBelow(w.db, { runId: run.id, clusterId, cutoff, segmentSize: SEG, repos: [crashing("remove")], reason: "test" }),
    ).rejects.toThrow("simulated crash");

    const { run: rerun } = await enforce();
    expect(rerun.status).toBe("finished");
    expect(await w.db.backup.findUnique({ where: { id: b2!.id } })).toBeNull();
    expect(await exists(backupDir(b2!))).toBe(false);
    expect(await w.db.expiry.count({ where: { clusterId, finishedAt: null } })).toBe(0);
    const cut = startSegno(b3!);
    expect((await repoWalSegnos()).filter((f) => f.segno < cut)).toEqual([]);
    expect(await w.db.walSegment.count({ where: { clusterId, segno: { lt: cut } } })).toBe(0);
  });

  it("leaves a window that still restores: the oldest retained backup restores to its end with exactly its rows", async () => {
    const oldest = backups[2]!;
    const input = restoreRequestInput.parse({ target: { kind: "immediate", backupId: oldest.backup.id } });
    const { restore } = await requestRestore(w.db, w.queue(), { clusterId, input, userId, restore: w.config().restore });
    restores.push({ dataDir: restore!.dataDir, port: restore!.port });
    const job = await w.waitForJob(restore!.jobId!);
    expect(job.error).toBeNull();
    const done = await w.db.restore.findUniqueOrThrow({ where: { id: restore!.id } });
    const counts = done.rowCounts as { database: string; table: string; rows: number }[];
    expect(counts).toContainEqual({ database: "postgres", table: "public.t", rows: oldest.rows });
    await w.db.restore.update({ where: { id: restore!.id }, data: { status: "discarded" } });
  });

  it("expires nothing while the pipeline is broken: no backup in the last day, or the newest backup failed", async () => {
    const before = await w.db.backup.count({ where: { clusterId } });
    now = new Date(Date.now() + 3 * DAY);
    const stale = await enforce();
    expect(stale.run.stopped).toBe("No backup has completed in the last day: nothing expires until one does.");
    expect(stale.run.backupsExpired + stale.run.walFilesRemoved).toBe(0);

    now = new Date();
    await w.db.backup.create({
      data: {
        clusterId,
        repositoryId: repo.id,
        status: "failed",
        label: "broken",
        compression: "zstd",
        startedAt: new Date(),
        error: "test",
      },
    });
    const failed = await enforce();
    expect(failed.run.stopped).toBe("The newest backup failed: nothing expires until a backup completes again.");
    expect(await w.db.backup.count({ where: { clusterId } })).toBe(before + 1);
  });

  it("deletes a backup an admin names exactly, never the only complete one", async () => {
    const [, , b3, b4] = backups.map((b) => b.backup);
    const admin = { id: userId, username: "test-admin" };
    await expect(deleteBackup(w.db, w.queue(), { id: b3!.id, confirm: "", user: admin })).rejects.toThrow(
      `Type the backup's name, “${b3!.label}”, to confirm.`,
    );
    await expect(deleteBackup(w.db, w.queue(), { id: b3!.id, confirm: b3!.label.toUpperCase(), user: admin })).rejects.toThrow(
      "Nothing was changed.",
    );
    expect((await w.db.backup.findUniqueOrThrow({ where: { id: b3!.id } })).status).toBe("complete");

    const job = await deleteBackup(w.db, w.queue(), { id: b3!.id, confirm: b3!.label, user: admin });
    expect((await w.waitForJob(job.id)).status).toBe("succeeded");
    expect(await w.db.backup.findUnique({ where: { id: b3!.id } })).toBeNull();
    expect(await exists(backupDir(b3!))).toBe(false);
    expect(await w.db.expiry.findFirst({ where: { backupId: b3!.id } })).toMatchObject({
      runId: null,
      deletedById: userId,
      reason: "deleted by test-admin",
      finishedAt: expect.any(Date),
    });

    await expect(deleteBackup(w.db, w.queue(), { id: b4!.id, confirm: b4!.label, user: admin })).rejects.toThrow(
      "it is the cluster's only complete backup",
    );
    expect(await exists(backupDir(b4!))).toBe(true);
  });

  it("expires each database's logical dumps by the policy's dump counts, keeping one a restore reads", async () => {
    await w.db.policy.updateMany({
      where: { clusters: { some: { id: clusterId } } },
      data: { dumpKeepDaily: 3, dumpKeepWeekly: 0, dumpKeepMonthly: 0, dumpKeepYearly: 0, dumpMinComplete: 1 },
    });
    const dumps = [];
    for (const age of [20 * DAY, 10 * DAY, 5 * DAY, 60_000]) {
      const dump = await requestDump(w.db, w.queue(), { clusterId, input: requestDumpBody.parse({ database: "postgres" }) });
      expect((await w.waitForJob(dump.jobId!)).status).toBe("succeeded");
      dumps.push(await w.db.dump.update({ where: { id: dump.id }, data: { finishedAt: new Date(now.getTime() - age) } }));
    }
    const [oldest, reading, old, newest] = dumps;
    const restore = await w.db.dumpRestore.create({
      data: { dumpId: reading!.id, targetClusterId: clusterId, targetDatabase: "reading", status: "running" },
    });
    const { run } = await enforce();
    expect(run.dumpsExpired).toBe(2);
    const left = await w.db.dump.findMany({ where: { clusterId }, select: { id: true } });
    expect(left.map((d) => d.id).sort()).toEqual([reading!.id, newest!.id].sort());
    for (const gone of [oldest!, old!]) {
      expect(await exists(path.join(repo.path, dumpPrefix(clusterId, gone.id)))).toBe(false);
      expect(await w.db.expiry.findFirst({ where: { dumpId: gone.id } })).toMatchObject({
        kind: "dump",
        label: "postgres",
        runId: run.id,
        reason: "outside every retention period",
        finishedAt: expect.any(Date),
      });
    }
    expect(await exists(path.join(repo.path, dumpPrefix(clusterId, newest!.id)))).toBe(true);
    // Finished, but its new local instance is still up: the dump stays until the instance is discarded.
    await w.db.dumpRestore.update({
      where: { id: restore.id },
      data: { status: "complete", instanceDataDir: "/nonexistent/instance", instancePort: 1 },
    });
    expect((await enforce()).run.dumpsExpired).toBe(0);
    await w.db.dumpRestore.update({ where: { id: restore.id }, data: { discardedAt: new Date() } });
    expect((await enforce()).run.dumpsExpired).toBe(1);
    expect(await w.db.dump.findUnique({ where: { id: reading!.id } })).toBeNull();
  });
});
