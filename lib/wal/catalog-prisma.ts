// WalCatalog over Prisma, for the worker and the web process (which already hold a client).
import type { DbClient } from "@/lib/db/client";
import type { RecordResult, WalCatalog } from "./wal-catalog";
import { raiseAlert, resolveAlert } from "@/lib/alerts/alert-record";
import { ALERT_RULES } from "@/lib/domain/alert-rules";
import { repositoryLocation } from "@/lib/domain/repository-location";

const repositoryColumns = {
  kind: true,
  path: true,
  s3Endpoint: true,
  s3Region: true,
  s3Bucket: true,
  s3Prefix: true,
  s3ForcePathStyle: true,
  s3StorageClass: true,
} as const;

export function prismaWalCatalog(db: DbClient): WalCatalog {
  return {
    async clusterRepository(clusterId, copyRepositoryId) {
      if (copyRepositoryId !== undefined) {
        const copies = await db.cluster.findUnique({
          where: { id: clusterId },
          select: {
            copyRepositories: { where: { repositoryId: copyRepositoryId }, select: { repository: { select: repositoryColumns } } },
          },
        });
        if (!copies) return null;
        const copy = copies.copyRepositories[0]?.repository;
        return { repository: copy ? repositoryLocation(copy) : null };
      }
      const c = await db.cluster.findUnique({ where: { id: clusterId }, select: { repository: { select: repositoryColumns } } });
      if (!c) return null;
      return { repository: c.repository ? repositoryLocation(c.repository) : null };
    },

    async systemIdentifier(clusterId) {
      const check = await db.clusterCheck.findFirst({
        where: { clusterId, systemIdentifier: { not: null } },
        orderBy: { checkedAt: "desc" },
        select: { systemIdentifier: true },
      });
      return check?.systemIdentifier ?? null;
    },

    async recordSegment(row): Promise<RecordResult> {
      const { count } = await db.walSegment.createMany({
        data: [{ ...row, sizeBytes: BigInt(row.sizeBytes) }],
        skipDuplicates: true,
      });
      if (count === 1) return { inserted: true, sha256: row.sha256 };
      const existing = await db.walSegment.findUniqueOrThrow({
        where: { clusterId_name: { clusterId: row.clusterId, name: row.name } },
        select: { sha256: true },
      });
      return { inserted: false, sha256: existing.sha256 };
    },

    async recordHistory(row): Promise<RecordResult> {
      const { count } = await db.walHistory.createMany({ data: [row], skipDuplicates: true });
      if (count === 1) return { inserted: true, sha256: row.sha256 };
      const existing = await db.walHistory.findUniqueOrThrow({
        where: { clusterId_timeline: { clusterId: row.clusterId, timeline: row.timeline } },
        select: { sha256: true },
      });
      return { inserted: false, sha256: existing.sha256 };
    },

    async segmentChecksum(clusterId, name) {
      const row = await db.walSegment.findUnique({ where: { clusterId_name: { clusterId, name } }, select: { sha256: true } });
      return row?.sha256 ?? null;
    },

    async walRefused(clusterId, message) {
      await raiseAlert(db, { clusterId, rule: "wal_refused", severity: ALERT_RULES.wal_refused.severity, message });
    },

    async walAccepted(clusterId) {
      await resolveAlert(db, clusterId, "wal_refused");
    },
  };
}
