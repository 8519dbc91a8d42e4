-- Offsite copies (issue 17): a cluster's copy repositories, where each backup and WAL segment has a
-- copy, and which repository a restore reads from.
CREATE TYPE "BackupCopyStatus" AS ENUM ('copying', 'complete', 'failed');

CREATE TABLE "cluster_copy_repositories" (
    "cluster_id" UUID NOT NULL,
    "repository_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "cluster_copy_repositories_pkey" PRIMARY KEY ("cluster_id", "repository_id")
);
CREATE INDEX "cluster_copy_repositories_repository_id_idx" ON "cluster_copy_repositories"("repository_id");
ALTER TABLE "cluster_copy_repositories" ADD CONSTRAINT "cluster_copy_repositories_cluster_id_fkey"
    FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "cluster_copy_repositories" ADD CONSTRAINT "cluster_copy_repositories_repository_id_fkey"
    FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "backup_copies" (
    "backup_id" UUID NOT NULL,
    "repository_id" UUID NOT NULL,
    "status" "BackupCopyStatus" NOT NULL DEFAULT 'copying',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "copied_at" TIMESTAMPTZ(3),
    "error" TEXT,
    CONSTRAINT "backup_copies_pkey" PRIMARY KEY ("backup_id", "repository_id")
);
CREATE INDEX "backup_copies_repository_id_idx" ON "backup_copies"("repository_id");
ALTER TABLE "backup_copies" ADD CONSTRAINT "backup_copies_backup_id_fkey"
    FOREIGN KEY ("backup_id") REFERENCES "backups"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "backup_copies" ADD CONSTRAINT "backup_copies_repository_id_fkey"
    FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "wal_segment_copies" (
    "cluster_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "repository_id" UUID NOT NULL,
    "copied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "wal_segment_copies_pkey" PRIMARY KEY ("cluster_id", "repository_id", "name")
);
CREATE INDEX "wal_segment_copies_repository_id_idx" ON "wal_segment_copies"("repository_id");
ALTER TABLE "wal_segment_copies" ADD CONSTRAINT "wal_segment_copies_cluster_id_name_fkey"
    FOREIGN KEY ("cluster_id", "name") REFERENCES "wal_segments"("cluster_id", "name") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "wal_segment_copies" ADD CONSTRAINT "wal_segment_copies_repository_id_fkey"
    FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "restores" ADD COLUMN "repository_id" UUID;
ALTER TABLE "restores" ADD CONSTRAINT "restores_repository_id_fkey"
    FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE SET NULL ON UPDATE CASCADE;

