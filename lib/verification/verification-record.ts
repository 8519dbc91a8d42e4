import type { Db } from "@/lib/db/client";
import type { Verification } from "@/lib/db/generated/client";
import type { VerificationFinding } from "@/lib/domain/archive-verification";

/**
 * The catalog row of one verification through its life: running → passed (no findings) or
 * failed (findings, or an error that stopped it). A retried job (its worker died) starts its row
 * over; any other verification of the cluster still marked running was left by a dead worker.
 */
export async function startVerificationRecord(db: Db, opts: { jobId: string; clusterId: string }): Promise<Verification> {
  const fresh = {
    status: "running" as const,
    startedAt: new Date(),
    finishedAt: null,
    error: null,
    filesTotal: null,
    filesChecked: 0,
    bytesTotal: null,
    bytesChecked: 0,
  };
  return db.$transaction(async (tx) => {
    await tx.verification.updateMany({
      // A row whose job row is gone (job_id set null) is no one's either.
      where: { clusterId: opts.clusterId, status: "running", OR: [{ jobId: null }, { jobId: { not: opts.jobId } }] },
      data: { status: "failed", finishedAt: new Date(), error: "The verification was interrupted (its worker stopped)." },
    });
    const existing = await tx.verification.findUnique({ where: { jobId: opts.jobId } });
    if (!existing) return tx.verification.create({ data: { ...opts, ...fresh } });
    await tx.verificationResult.deleteMany({ where: { verificationId: existing.id } });
    await tx.verificationFinding.deleteMany({ where: { verificationId: existing.id } });
    return tx.verification.update({ where: { id: existing.id }, data: fresh });
  });
}

export async function recordVerificationProgress(
  db: Db,
  id: string,
  counts: { filesChecked: number; bytesChecked: number; filesTotal?: number; bytesTotal?: number },
): Promise<void> {
  await db.verification.update({
    where: { id },
    data: {
      filesChecked: counts.filesChecked,
      bytesChecked: BigInt(counts.bytesChecked),
      filesTotal: counts.filesTotal,
      bytesTotal: counts.bytesTotal === undefined ? undefined : BigInt(counts.bytesTotal),
    },
  });
}

/** One backup's or one WAL range's outcome: ok when `findings` is 0. */
export type ResultRow =
  | { scope: "backup"; backupId: string; files: number; bytes: number; findings: number }
  | { scope: "wal"; timeline: number; firstSegment: string; lastSegment: string; files: number; bytes: number; findings: number };

/**
 * Stores what the verification found, in one transaction: its results and findings, its status,
 * and each checked backup's pointer to it (the backup page's "latest verification").
 */
export async function finishVerificationRecord(
  db: Db,
  id: string,
  outcome: { results: ResultRow[]; findings: VerificationFinding[]; checkedBackupIds: string[] },
): Promise<Verification> {
  const { results, findings, checkedBackupIds } = outcome;
  const [, , , row] = await db.$transaction([
    db.verificationResult.createMany({ data: results.map((r) => ({ ...r, verificationId: id, bytes: BigInt(r.bytes) })) }),
    db.verificationFinding.createMany({ data: findings.map((f) => ({ ...f, verificationId: id })) }),
    db.backup.updateMany({ where: { id: { in: checkedBackupIds } }, data: { lastVerificationId: id } }),
    db.verification.update({ where: { id }, data: { status: findings.length === 0 ? "passed" : "failed", finishedAt: new Date() } }),
  ]);
  return row;
}

/** The verification could not finish: failed with the reason (findings are stored only by one that finished). */
export async function failVerificationRecord(db: Db, id: string, error: string): Promise<void> {
  await db.verification.update({ where: { id }, data: { status: "failed", finishedAt: new Date(), error } });
}
