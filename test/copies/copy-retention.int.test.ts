import { expect, it } from "vitest";
import { markBackupExpiring, removeExpiringBackup } from "@/lib/backups/expire-backup";
import { requestBackup } from "@/lib/backups/request-backup";
import { addCopyRepository } from "@/lib/copies/add-copy-repository";
import { parseLsn } from "@/lib/domain/lsn";
import { walCutoff } from "@/lib/domain/wal-retention";
import { DEFAULT_WAL_SEGMENT_SIZE, segmentOfLsn } from "@/lib/domain/wal-segment";
import { removeWalBelow } from "@/lib/retention/remove-wal";
import { repositoryOpener } from "@/lib/retention/repository-opener";
import { backupPrefix, parseWalKey, walPrefix } from "@/lib/storage/layout";
import { createPosixRepository } from "@/lib/storage/posix";
import type { Repository } from "@/lib/storage/repository";
import { parseSegmentName } from "@/lib/domain/wal-segment";
import { archivedThroughCurrent } from "@/test/harness/archived";
import { backedUpCluster } from "@/test/harness/backed-up-cluster";
import { useTestCluster } from "@/test/harness/cluster";
import { createTestRepository } from "@/test/harness/repository";
import { until } from "@/test/harness/until";
import { useWorker } from "@/test/harness/worker";

const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
const source = useTestCluster();
const SEG = DEFAULT_WAL_SEGMENT_SIZE;

async function keys(repo: Repository, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const o of repo.list(prefix)) out.push(o.key);
  return out;
}

it("a backup and WAL removed by retention go from the copy repositories too", async () => {
  const c = source();
  const { clusterId, backup: first } = await backedUpCluster(w, c, "copy-retention");
  const offsite = await createTestRepository(w.db);
  await addCopyRepository(w.db, { clusterId, repositoryId: offsite.id });
  await c.query("CREATE TABLE t AS SELECT g FROM generate_series(1, 1000) g");
  await archivedThroughCurrent(w.db, c, clusterId);
  const job = await requestBackup(w.db, w.queue(), clusterId);
  expect((await w.waitForJob(job.id)).status).toBe("succeeded");
  const second = await w.db.backup.findUniqueOrThrow({ where: { jobId: job.id } });
  await archivedThroughCurrent(w.db, c, clusterId);
  await until("both backups and every archived segment to be copied", async () => {
    const backups = await w.db.backupCopy.count({ where: { repositoryId: offsite.id, status: "complete" } });
    const segments = await w.db.walSegment.count({ where: { clusterId } });
    return backups === 2 && segments === (await w.db.walSegmentCopy.count({ where: { clusterId, repositoryId: offsite.id } }));
  });
  const copy = createPosixRepository(offsite.path);
  expect(await keys(copy, backupPrefix(clusterId, first.id))).not.toEqual([]);

  // A backup the running copy job is copying is in use: retention leaves it for the next run.
  const firstCopy = { backupId_repositoryId: { backupId: first.id, repositoryId: offsite.id } };
  await w.db.backupCopy.update({ where: firstCopy, data: { status: "copying" } });
  const copyJob = await w.db.job.create({ data: { type: "copy", clusterId, status: "running" } });
  expect(await markBackupExpiring(w.db, { clusterId, backupId: first.id, reason: "test", runId: null })).toEqual({
    marked: false,
    why: `in use by copy to repository ${offsite.id.slice(0, 8)}`,
  });
  await w.db.backupCopy.update({ where: firstCopy, data: { status: "complete" } });
  await w.db.job.delete({ where: { id: copyJob.id } });

  expect(await markBackupExpiring(w.db, { clusterId, backupId: first.id, reason: "test", runId: null })).toMatchObject({ marked: true });
  await removeExpiringBackup(w.db, { clusterId, backupId: first.id, openRepository: repositoryOpener(w.db, { storage: w.config() }) });
  expect(await keys(copy, backupPrefix(clusterId, first.id))).toEqual([]);
  expect(await keys(copy, backupPrefix(clusterId, second.id))).not.toEqual([]);

  const keepFrom = segmentOfLsn(parseLsn(second.startLsn!), SEG);
  const copiedSegnos = async () =>
    (await keys(copy, walPrefix(clusterId))).flatMap((k) => {
      const parsed = parseWalKey(k);
      return parsed && !parsed.segmentName.includes(".") ? [parseSegmentName(parsed.segmentName).segno] : [];
    });
  expect((await copiedSegnos()).some((s) => s < keepFrom)).toBe(true);
  const run = await w.db.retentionRun.create({ data: { clusterId } });
  const cutoff = walCutoff({ retained: [{ startLsn: parseLsn(second.startLsn!) }], segmentSize: SEG, hold: null });
  const repos = [createPosixRepository((await w.db.repository.findUniqueOrThrow({ where: { id: second.repositoryId } })).path!), copy];
  await removeWalBelow(w.db, { runId: run.id, clusterId, cutoff, segmentSize: SEG, repos, reason: "test" });
  const left = await copiedSegnos();
  expect(left.length).toBeGreaterThan(0);
  expect(left.every((s) => s >= keepFrom)).toBe(true);
});
