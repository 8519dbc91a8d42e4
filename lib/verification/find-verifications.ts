import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { notFound } from "@/lib/errors/app-error";
import type { ListVerificationsQuery } from "@/lib/domain/verification-input";
import { presentVerification, type VerificationView } from "@/lib/verification/verification-view";

/** A page shows this many findings of one verification; the count says how many there are. */
const MAX_FINDINGS = 500;

/**
 * A cluster's verifications, newest first. With `backupId`: that backup's latest verification
 * only, narrowed to what it says about that backup (the backup page).
 */
export async function listVerifications(db: Db, opts: { clusterId: string } & ListVerificationsQuery): Promise<VerificationView[]> {
  const cluster = await db.cluster.findUnique({ where: { id: opts.clusterId }, select: { id: true } });
  if (!cluster) throw notFound("The cluster");
  if (opts.backupId) {
    const backup = await db.backup.findFirst({
      where: { id: opts.backupId, clusterId: opts.clusterId },
      select: { lastVerificationId: true },
    });
    if (!backup) throw notFound("The backup");
    if (!backup.lastVerificationId) return [];
    const row = await db.verification.findUniqueOrThrow({
      where: { id: backup.lastVerificationId },
      include: details({ backupId: opts.backupId }),
    });
    return [presentVerification(row)];
  }
  const rows = await db.verification.findMany({
    where: { clusterId: opts.clusterId },
    orderBy: { startedAt: "desc" },
    take: opts.limit,
    include: details({}),
  });
  return rows.map(presentVerification);
}

function details(only: { backupId?: string }) {
  return {
    job: true,
    repository: { select: { id: true, name: true } },
    results: {
      where: only,
      include: { backup: { select: { label: true } } },
      orderBy: [{ scope: "asc" }, { backup: { startedAt: "asc" } }, { timeline: "asc" }, { firstSegment: "asc" }],
    },
    findings: { where: only, orderBy: [{ scope: "asc" }, { path: "asc" }], take: MAX_FINDINGS },
    _count: { select: { findings: { where: only } } },
  } satisfies Prisma.VerificationInclude;
}
