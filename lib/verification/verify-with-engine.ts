// The verification job for a cluster another engine serves: the engine re-reads its sets and
// archive (pgBackRest verify), and what it found is stored as Wayback's own findings, per backup.
import type { Db } from "@/lib/db/client";
import type { VerificationFinding } from "@/lib/domain/archive-verification";
import { pgBackRestFindings } from "@/lib/domain/pgbackrest-verify";
import type { BackupEngine } from "@/lib/engines/engine";
import { finishVerificationRecord } from "@/lib/verification/verification-record";

export async function verifyWithEngine(
  db: Db,
  engine: BackupEngine,
  opts: { verificationId: string; clusterId: string; signal: AbortSignal },
): Promise<VerificationFinding[]> {
  // The catalog first: a set made or expired by hand since is checked under its own row.
  await engine.listBackups({ signal: opts.signal });
  const result = await engine.verify({ signal: opts.signal });
  const rows = await db.backup.findMany({ where: { clusterId: opts.clusterId, status: "complete" }, select: { id: true, label: true } });
  const findings = pgBackRestFindings(result, new Map(rows.map((r) => [r.label, r.id])));
  await finishVerificationRecord(db, opts.verificationId, {
    results: rows.map((r) => ({
      scope: "backup" as const,
      backupId: r.id,
      files: 0,
      bytes: 0,
      findings: findings.filter((f) => f.backupId === r.id).length,
    })),
    findings,
    checkedBackupIds: rows.map((r) => r.id),
  });
  return findings;
}
