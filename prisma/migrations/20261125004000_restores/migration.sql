-- CreateEnum
CREATE TYPE "RestoreStatus" AS ENUM ('queued', 'running', 'paused', 'complete', 'failed', 'discarded');

-- CreateEnum
CREATE TYPE "RestoreDestination" AS ENUM ('new_instance', 'in_place');

-- CreateTable
CREATE TABLE "restores" (
    "id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "job_id" UUID,
    "requested_by_id" UUID,
    "status" "RestoreStatus" NOT NULL DEFAULT 'queued',
    "target_kind" TEXT NOT NULL,
    "target_value" TEXT,
    "inclusive" BOOLEAN,
    "timeline" INTEGER NOT NULL,
    "backup_id" UUID,
    "plan_reason" TEXT NOT NULL,
    "target_lsn" TEXT,
    "estimated_seconds" INTEGER,
    "destination" "RestoreDestination" NOT NULL,
    "data_dir" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "pause_at_target" BOOLEAN NOT NULL DEFAULT false,
    "old_data_dir" TEXT,
    "connection_string" TEXT,
    "base_bytes" BIGINT,
    "wal_bytes" BIGINT,
    "base_ms" INTEGER,
    "replay_ms" INTEGER,
    "verify_ms" INTEGER,
    "reached_lsn" TEXT,
    "row_counts" JSONB,
    "log_tail" TEXT,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "restores_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "restores_job_id_key" ON "restores"("job_id");

-- CreateIndex
CREATE INDEX "restores_cluster_id_created_at_idx" ON "restores"("cluster_id", "created_at");

-- AddForeignKey
ALTER TABLE "restores" ADD CONSTRAINT "restores_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "restores" ADD CONSTRAINT "restores_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "restores" ADD CONSTRAINT "restores_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "restores" ADD CONSTRAINT "restores_backup_id_fkey" FOREIGN KEY ("backup_id") REFERENCES "backups"("id") ON DELETE SET NULL ON UPDATE CASCADE;
