-- CreateEnum
CREATE TYPE "RepositoryKind" AS ENUM ('posix');

-- CreateEnum
CREATE TYPE "Compression" AS ENUM ('zstd', 'gzip', 'lz4', 'none');

-- CreateEnum
CREATE TYPE "WalMode" AS ENUM ('streaming', 'archive_command');

-- CreateEnum
CREATE TYPE "BackupStatus" AS ENUM ('running', 'complete', 'failed');

-- CreateEnum
CREATE TYPE "WalSource" AS ENUM ('stream', 'push');

-- CreateEnum
CREATE TYPE "ReceiverState" AS ENUM ('starting', 'streaming', 'retrying', 'stopped', 'failed');

-- AlterTable
ALTER TABLE "clusters" ADD COLUMN     "compression" "Compression" NOT NULL DEFAULT 'zstd',
ADD COLUMN     "repository_id" UUID,
ADD COLUMN     "wal_mode" "WalMode" NOT NULL DEFAULT 'streaming';

-- AlterTable
ALTER TABLE "jobs" ADD COLUMN     "log" TEXT;

-- CreateTable
CREATE TABLE "repositories" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "RepositoryKind" NOT NULL DEFAULT 'posix',
    "path" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "repositories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "backups" (
    "id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "job_id" UUID,
    "repository_id" UUID NOT NULL,
    "status" "BackupStatus" NOT NULL DEFAULT 'running',
    "label" TEXT NOT NULL,
    "compression" "Compression" NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "start_lsn" TEXT,
    "stop_lsn" TEXT,
    "stop_time" TIMESTAMPTZ(3),
    "timeline" INTEGER,
    "database_size_bytes" BIGINT,
    "stored_size_bytes" BIGINT,
    "copy_ms" INTEGER,
    "verify_ms" INTEGER,
    "pg_version" TEXT,
    "system_identifier" TEXT,
    "verified" BOOLEAN,
    "verify_detail" TEXT,
    "error" TEXT,

    CONSTRAINT "backups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "backup_files" (
    "backup_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,

    CONSTRAINT "backup_files_pkey" PRIMARY KEY ("backup_id","name")
);

-- CreateTable
CREATE TABLE "wal_segments" (
    "cluster_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "timeline" INTEGER NOT NULL,
    "segno" BIGINT NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "source" "WalSource" NOT NULL,
    "archived_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "first_commit_at" TIMESTAMPTZ(3),
    "last_commit_at" TIMESTAMPTZ(3),

    CONSTRAINT "wal_segments_pkey" PRIMARY KEY ("cluster_id","name")
);

-- CreateTable
CREATE TABLE "wal_histories" (
    "cluster_id" UUID NOT NULL,
    "timeline" INTEGER NOT NULL,
    "content" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "archived_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "wal_histories_pkey" PRIMARY KEY ("cluster_id","timeline")
);

-- CreateTable
CREATE TABLE "restore_points" (
    "cluster_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "lsn" TEXT NOT NULL,
    "timeline" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "restore_points_pkey" PRIMARY KEY ("cluster_id","name")
);

-- CreateTable
CREATE TABLE "wal_receivers" (
    "cluster_id" UUID NOT NULL,
    "state" "ReceiverState" NOT NULL DEFAULT 'starting',
    "slot_name" TEXT NOT NULL,
    "last_error" TEXT,
    "restarts" INTEGER NOT NULL DEFAULT 0,
    "last_segment" TEXT,
    "slot_lag_bytes" BIGINT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "wal_receivers_pkey" PRIMARY KEY ("cluster_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "repositories_name_key" ON "repositories"("name");

-- CreateIndex
CREATE UNIQUE INDEX "backups_job_id_key" ON "backups"("job_id");

-- CreateIndex
CREATE INDEX "backups_cluster_id_started_at_idx" ON "backups"("cluster_id", "started_at");

-- CreateIndex
CREATE INDEX "wal_segments_cluster_id_timeline_segno_idx" ON "wal_segments"("cluster_id", "timeline", "segno");

-- AddForeignKey
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "backups" ADD CONSTRAINT "backups_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "backups" ADD CONSTRAINT "backups_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "backups" ADD CONSTRAINT "backups_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "backup_files" ADD CONSTRAINT "backup_files_backup_id_fkey" FOREIGN KEY ("backup_id") REFERENCES "backups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "wal_segments" ADD CONSTRAINT "wal_segments_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "wal_histories" ADD CONSTRAINT "wal_histories_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "restore_points" ADD CONSTRAINT "restore_points_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "wal_receivers" ADD CONSTRAINT "wal_receivers_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;
