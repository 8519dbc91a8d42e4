-- AlterEnum: a backup being removed by retention (marked first, files removed, row deleted last).
ALTER TYPE "BackupStatus" ADD VALUE 'expiring';

-- CreateEnum
CREATE TYPE "ScheduleKind" AS ENUM ('backup', 'verify', 'drill', 'retention');

-- CreateEnum
CREATE TYPE "RetentionRunStatus" AS ENUM ('running', 'finished', 'failed');

-- CreateTable
CREATE TABLE "policies" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "backup_cron" TEXT,
    "verify_cron" TEXT,
    "drill_cron" TEXT,
    "retention_cron" TEXT,
    "keep_daily" INTEGER NOT NULL,
    "keep_weekly" INTEGER NOT NULL,
    "keep_monthly" INTEGER NOT NULL,
    "keep_yearly" INTEGER NOT NULL,
    "min_complete" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "policies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scheduled_runs" (
    "id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "kind" "ScheduleKind" NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "ran_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "missed" INTEGER NOT NULL DEFAULT 0,
    "job_id" UUID,
    "outcome" TEXT NOT NULL,

    CONSTRAINT "scheduled_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "retention_runs" (
    "id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "job_id" UUID,
    "status" "RetentionRunStatus" NOT NULL DEFAULT 'running',
    "stopped" TEXT,
    "wal_kept_because" TEXT,
    "backups_expired" INTEGER NOT NULL DEFAULT 0,
    "wal_files_removed" INTEGER NOT NULL DEFAULT 0,
    "bytes_removed" BIGINT NOT NULL DEFAULT 0,
    "error" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "retention_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "expiries" (
    "id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "backup_id" UUID,
    "backup_label" TEXT,
    "backup_stop_time" TIMESTAMPTZ(3),
    "timeline" INTEGER,
    "first_segment" TEXT,
    "last_segment" TEXT,
    "files" INTEGER NOT NULL DEFAULT 0,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "reason" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "expiries_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "clusters" ADD COLUMN "policy_id" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "policies_name_key" ON "policies"("name");

-- CreateIndex
CREATE INDEX "scheduled_runs_cluster_id_kind_ran_at_idx" ON "scheduled_runs"("cluster_id", "kind", "ran_at");

-- CreateIndex
CREATE UNIQUE INDEX "retention_runs_job_id_key" ON "retention_runs"("job_id");

-- CreateIndex
CREATE INDEX "retention_runs_cluster_id_started_at_idx" ON "retention_runs"("cluster_id", "started_at");

-- CreateIndex
CREATE INDEX "expiries_run_id_idx" ON "expiries"("run_id");

-- CreateIndex
CREATE INDEX "expiries_cluster_id_started_at_idx" ON "expiries"("cluster_id", "started_at");

-- AddForeignKey
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_policy_id_fkey" FOREIGN KEY ("policy_id") REFERENCES "policies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scheduled_runs" ADD CONSTRAINT "scheduled_runs_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scheduled_runs" ADD CONSTRAINT "scheduled_runs_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "retention_runs" ADD CONSTRAINT "retention_runs_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "retention_runs" ADD CONSTRAINT "retention_runs_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "expiries" ADD CONSTRAINT "expiries_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "retention_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "expiries" ADD CONSTRAINT "expiries_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;
