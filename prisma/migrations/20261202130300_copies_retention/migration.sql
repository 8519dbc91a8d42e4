-- Retention per repository and copies of dumps (issue 17).
-- A copy repository may follow its own policy's retention counts (null: the cluster's policy), and
-- remembers below which WAL segment number its retention trimmed, so the copy job does not bring
-- trimmed WAL back.
ALTER TABLE "cluster_copy_repositories" ADD COLUMN "policy_id" UUID;
ALTER TABLE "cluster_copy_repositories" ADD COLUMN "wal_kept_from_segno" BIGINT;
CREATE INDEX "cluster_copy_repositories_policy_id_idx" ON "cluster_copy_repositories"("policy_id");
ALTER TABLE "cluster_copy_repositories" ADD CONSTRAINT "cluster_copy_repositories_policy_id_fkey"
    FOREIGN KEY ("policy_id") REFERENCES "policies"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A copy removed by its repository's retention: marked expiring (no longer usable), its files
-- removed, then expired (kept as a row so the copy job does not copy it again).
ALTER TYPE "BackupCopyStatus" ADD VALUE 'expiring';
ALTER TYPE "BackupCopyStatus" ADD VALUE 'expired';

CREATE TABLE "dump_copies" (
    "dump_id" UUID NOT NULL,
    "repository_id" UUID NOT NULL,
    "status" "BackupCopyStatus" NOT NULL DEFAULT 'copying',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "copied_at" TIMESTAMPTZ(3),
    "error" TEXT,
    CONSTRAINT "dump_copies_pkey" PRIMARY KEY ("dump_id", "repository_id")
);
CREATE INDEX "dump_copies_repository_id_idx" ON "dump_copies"("repository_id");
ALTER TABLE "dump_copies" ADD CONSTRAINT "dump_copies_dump_id_fkey"
    FOREIGN KEY ("dump_id") REFERENCES "dumps"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "dump_copies" ADD CONSTRAINT "dump_copies_repository_id_fkey"
    FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
