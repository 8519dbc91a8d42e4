import fs from "node:fs/promises";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestBackup } from "@/lib/backups/request-backup";
import { addCopyRepository } from "@/lib/copies/add-copy-repository";
import { removeCopyRepository } from "@/lib/copies/remove-copy-repository";
import type { Backup } from "@/lib/db/generated/client";
import { parseLsn } from "@/lib/domain/lsn";
import { testPolicyInput } from "@/test/harness/policy";
import { repositoryInput } from "@/lib/domain/repository-input";
import { restoreRequestInput } from "@/lib/domain/restore-input";
import { DEFAULT_WAL_SEGMENT_SIZE, parseSegmentName, segmentOfLsn } from "@/lib/domain/wal-segment";
import { destroyInstance } from "@/lib/pg/instance";
import { assignPolicy } from "@/lib/policies/assign-policy";
import { savePolicy } from "@/lib/policies/save-policy";
import { createRepository } from "@/lib/repositories/create-repository";
import { requestRestore } from "@/lib/restores/request-restore";
import { retentionPlanForCluster } from "@/lib/retention/plan-for-cluster";
import { retentionRules } from "@/lib/retention/policy-rules";
import { requestRetention } from "@/lib/retention/request-retention";
import { presentPreview } from "@/lib/retention/retention-view";
import { backupPrefix, parseWalKey, walPrefix } from "@/lib/storage/layout";
import { openRepository } from "@/lib/storage/open-repository";
import type { Repository } from "@/lib/storage/repository";
import { archivedThroughCurrent } from "@/test/harness/archived";
import { backedUpCluster } from "@/test/harness/backed-up-cluster";
import { uniqueName } from "@/test/harness/catalog";
import { testBinaries, testServerUser, useTestCluster } from "@/test/harness/cluster";
import { createTestRepository } from "@/test/harness/repository";
import { onCopy } from "@/test/harness/restored-copy";
import { s3RepositoryFields, S3RVER_CREDENTIALS, useS3Server } from "@/test/harness/s3";
import { until } from "@/test/harness/until";
import { useWorker, waitForJob } from "@/test/harness/worker";

const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
const source = useTestCluster();
const s3 = useS3Server();
const SEG = DEFAULT_WAL_SEGMENT_SIZE;

let clusterId: string;
let userId: string;
let clusterPolicyId: string;
/** The primary (posix), a posix copy keeping 3 backups, an S3 copy keeping 1. */
const repos: Record<"primary" | "keepsThree" | "keepsOne", { id: string; repo: Repository }> = {} as never;
/** Oldest first; rows in table `t` when each was taken. */
const taken: { backup: Backup; rows: number }[] = [];
const started: { dataDir: string; port: number }[] = [];

/** A policy whose retention keeps the newest backup of each of 7 days, and at least `minComplete` backups. */
async function policy(minComplete: number, id?: string): Promise<string> {
  const input = testPolicyInput(`keep-${minComplete}`, { minComplete });
  return (await savePolicy(w.db, w.queue(), { id, input })).id;
}

async function takeBackup(rows: number): Promise<void> {
  await source().query(`INSERT INTO t SELECT g FROM generate_series((SELECT count(*) FROM t) + 1, ${rows}) g`);
  const job = await requestBackup(w.db, w.queue(), clusterId);
  expect((await w.waitForJob(job.id)).status).toBe("succeeded");
  taken.push({ backup: await w.db.backup.findUniqueOrThrow({ where: { jobId: job.id } }), rows });
}

async function enforce() {
  const job = await requestRetention(w.db, w.queue(), clusterId);
  const done = await w.waitForJob(job.id);
  expect(done.error).toBeNull();
  return w.db.retentionRun.findUniqueOrThrow({ where: { jobId: job.id } });
}

async function keys(repo: Repository, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const o of repo.list(prefix)) out.push(o.key);
  return out;
}

/** Segment numbers of the WAL segments (not .partial or .backup files) stored in a repository. */
async function walSegnos(repo: Repository): Promise<bigint[]> {
  return (await keys(repo, walPrefix(clusterId))).flatMap((k) => {
    const parsed = parseWalKey(k);
    return parsed && !parsed.segmentName.includes(".") ? [parseSegmentName(parsed.segmentName).segno] : [];
  });
}

const startSegno = (b: Backup) => segmentOfLsn(parseLsn(b.startLsn!), SEG);
const holds = async (repo: Repository, b: Backup) => (await keys(repo, backupPrefix(clusterId, b.id))).length > 0;
const copyStatus = async (b: Backup, repositoryId: string) =>
  (await w.db.backupCopy.findUnique({ where: { backupId_repositoryId: { backupId: b.id, repositoryId } } }))?.status ?? null;

async function everythingCopied(): Promise<void> {
  await archivedThroughCurrent(w.db, source(), clusterId);
  await until("every backup and archived segment to be in both copy repositories (or let go there)", async () => {
    for (const { id } of [repos.keepsThree, repos.keepsOne]) {
      const link = await w.db.clusterCopyRepository.findUniqueOrThrow({
        where: { clusterId_repositoryId: { clusterId, repositoryId: id } },
      });
      const pendingBackups = await w.db.backup.count({
        where: { clusterId, status: "complete", copies: { none: { repositoryId: id, status: { in: ["complete", "expired"] } } } },
      });
      const pendingWal = await w.db.walSegment.count({
        where: { clusterId, segno: { gte: link.walKeptFromSegno ?? 0n }, copies: { none: { repositoryId: id } } },
      });
      if (pendingBackups + pendingWal > 0) return false;
    }
    return true;
  });
}

async function restoreFrom(repositoryId: string, b: Backup) {
  const input = restoreRequestInput.parse({ target: { kind: "immediate", backupId: b.id }, repositoryId });
  const restoreOpts = { roots: [os.tmpdir()], ports: w.config().restore.ports };
  const { restore } = await requestRestore(w.db, w.queue(), { clusterId, input, userId, restore: restoreOpts });
  started.push({ dataDir: restore!.dataDir, port: restore!.port });
  // Replay from S3 runs wal-fetch once per file: on a machine shared with other test runs that can outlast the usual minute.
  const job = await waitForJob(w.db, restore!.jobId!, (j) => j.status === "succeeded" || j.status === "failed");
  expect(job.error).toBeNull();
  const done = await w.db.restore.findUniqueOrThrow({ where: { id: restore!.id } });
  expect(done.repositoryId).toBe(repositoryId);
  const rows = await onCopy(done.port, source().password, async (c) => (await c.query("SELECT count(*)::int AS n FROM t")).rows[0].n);
  await w.db.restore.update({ where: { id: done.id }, data: { status: "discarded" } });
  return rows as number;
}

beforeAll(async () => {
  const c = source();
  userId = (await w.db.user.create({ data: { username: uniqueName("op"), passwordHash: "x", role: "operator" } })).id;
  const { clusterId: id, repo, backup } = await backedUpCluster(w, c, "copy-retention");
  clusterId = id;
  taken.push({ backup, rows: 0 });
  const storage = w.config();
  const row = (rid: string) => w.db.repository.findUniqueOrThrow({ where: { id: rid } });
  repos.primary = { id: repo.id, repo: openRepository(await row(repo.id), storage) };
  const local = await createTestRepository(w.db);
  await addCopyRepository(w.db, { clusterId, repositoryId: local.id, policyId: await policy(3) });
  repos.keepsThree = { id: local.id, repo: openRepository(await row(local.id), storage) };
  const input = repositoryInput.parse({
    name: uniqueName("s3-keeps-one"),
    ...s3RepositoryFields(s3(), "retention/"),
  });
  const offsite = await createRepository(w.db, { input, allowedRoots: storage.repoRoots, secretKey: storage.secretKey });
  await addCopyRepository(w.db, { clusterId, repositoryId: offsite.id, policyId: await policy(1) });
  repos.keepsOne = { id: offsite.id, repo: openRepository(await row(offsite.id), storage) };
  // restore_command's wal-fetch reads the S3 copy with the key pair of its own config file.
  await fs.appendFile(
    storage.cli.configFile!,
    `S3_ACCESS_KEY_ID=${S3RVER_CREDENTIALS.accessKeyId}\nS3_SECRET_ACCESS_KEY=${S3RVER_CREDENTIALS.secretAccessKey}\n`,
  );
  clusterPolicyId = await policy(3);
  await assignPolicy(w.db, w.queue(), { clusterId, policyId: clusterPolicyId });

  await c.query("CREATE TABLE t (g int)");
  await takeBackup(1000);
  await takeBackup(2000);
  await everythingCopied();
  // Three backups, each copied to a posix and an S3 repository: minutes on a machine shared with other test runs.
});

afterAll(async () => {
  const bins = testBinaries();
  const osUser = await testServerUser();
  for (const s of started) await destroyInstance({ dataDir: s.dataDir, port: s.port, bins, osUser }).catch(() => undefined);
});

describe("retention per repository", () => {
  it("each repository keeps exactly what its own policy plans: the primary and the copy keeping 3 all three backups, the S3 copy the newest", async () => {
    const [b1, b2, b3] = taken.map((t) => t.backup);
    const run = await enforce();
    expect(run.status).toBe("finished");
    expect(run.backupsExpired).toBe(0);

    for (const b of [b1!, b2!, b3!]) {
      expect(await w.db.backup.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({
        status: "complete",
        repositoryId: repos.primary.id,
      });
      expect(await holds(repos.primary.repo, b)).toBe(true);
      expect(await holds(repos.keepsThree.repo, b)).toBe(true);
      expect(await copyStatus(b, repos.keepsThree.id)).toBe("complete");
    }
    expect(await holds(repos.keepsOne.repo, b3!)).toBe(true);
    expect(await copyStatus(b3!, repos.keepsOne.id)).toBe("complete");
    for (const b of [b1!, b2!]) {
      expect(await holds(repos.keepsOne.repo, b)).toBe(false);
      expect(await copyStatus(b, repos.keepsOne.id)).toBe("expired");
    }
  });

  it("the S3 copy's WAL is trimmed to what its oldest kept backup needs, the others' is not, and the copy job does not bring it back", async () => {
    const [b1, , b3] = taken.map((t) => t.backup);
    const keepFrom = startSegno(b3!);
    // New WAL and a copy run after the trim: what the copy let go stays gone.
    await everythingCopied();
    const offsite = await walSegnos(repos.keepsOne.repo);
    expect(offsite.length).toBeGreaterThan(0);
    expect(offsite.filter((s) => s < keepFrom)).toEqual([]);
    expect(
      await w.db.walSegmentCopy.count({ where: { clusterId, repositoryId: repos.keepsOne.id, segment: { segno: { lt: keepFrom } } } }),
    ).toBe(0);
    expect(
      (
        await w.db.clusterCopyRepository.findUniqueOrThrow({
          where: { clusterId_repositoryId: { clusterId, repositoryId: repos.keepsOne.id } },
        })
      ).walKeptFromSegno,
    ).toBe(keepFrom);
    for (const b of taken.slice(0, 2)) expect(await copyStatus(b.backup, repos.keepsOne.id)).toBe("expired");
    // The primary and the other copy keep the WAL from the oldest backup they keep.
    for (const r of [repos.primary, repos.keepsThree])
      expect((await walSegnos(r.repo)).some((s) => s >= startSegno(b1!) && s < keepFrom)).toBe(true);
  });

  it("a restore from the S3 copy at its oldest kept backup's earliest moment brings back exactly that backup's rows", async () => {
    const newest = taken[2]!;
    expect(await restoreFrom(repos.keepsOne.id, newest.backup)).toBe(newest.rows);
  });

  it("backups the primary lets go while a copy repository keeps them are handed over there: their files leave only the primary, and they still restore", async () => {
    const [b1, b2, b3] = taken.map((t) => t.backup);
    await policy(1, clusterPolicyId);
    const run = await enforce();
    expect(run.backupsExpired).toBe(0);

    for (const b of [b1!, b2!]) {
      expect(await w.db.backup.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({
        status: "complete",
        repositoryId: repos.keepsThree.id,
      });
      expect(await holds(repos.primary.repo, b)).toBe(false);
      expect(await holds(repos.keepsThree.repo, b)).toBe(true);
      expect(await copyStatus(b, repos.keepsThree.id)).toBe("complete");
      expect(await copyStatus(b, repos.primary.id)).toBeNull();
    }
    expect(await w.db.backup.findUniqueOrThrow({ where: { id: b3!.id } })).toMatchObject({ repositoryId: repos.primary.id });
    // The primary's WAL goes below its own oldest backup; the copy keeping b1 keeps b1's WAL, and its catalog rows stay.
    const keepFrom = startSegno(b3!);
    expect((await walSegnos(repos.primary.repo)).filter((s) => s < keepFrom)).toEqual([]);
    expect((await walSegnos(repos.keepsThree.repo)).some((s) => s >= startSegno(b1!) && s < keepFrom)).toBe(true);
    expect(await w.db.walSegment.count({ where: { clusterId, segno: { gte: startSegno(b1!), lt: keepFrom } } })).toBeGreaterThan(0);

    expect(await restoreFrom(repos.keepsThree.id, b2!)).toBe(taken[1]!.rows);
  });

  it("the preview shows per repository what goes", async () => {
    const rules = retentionRules({ ...(await w.db.policy.findUniqueOrThrow({ where: { id: clusterPolicyId } })), minComplete: 1 });
    const preview = presentPreview(await retentionPlanForCluster(w.db, { clusterId, rules, now: new Date() }));
    expect(preview.backups.map((b) => b.id)).toEqual([taken[2]!.backup.id]);
    const three = preview.copies.find((c) => c.repositoryId === repos.keepsThree.id)!;
    expect(three.backups.map((b) => [b.id, b.keep])).toEqual(taken.map((t) => [t.backup.id, true]).reverse());
    const one = preview.copies.find((c) => c.repositoryId === repos.keepsOne.id)!;
    expect(one.backups.map((b) => [b.id, b.keep])).toEqual([[taken[2]!.backup.id, true]]);
  });

  it("a copy repository that backups live only in cannot stop being one", async () => {
    await expect(removeCopyRepository(w.db, { clusterId, repositoryId: repos.keepsThree.id })).rejects.toThrow(
      /2 backup\(s\) and 0 dump\(s\) of this cluster live only in that repository/,
    );
    expect(await w.db.clusterCopyRepository.count({ where: { clusterId } })).toBe(2);
  });
});
