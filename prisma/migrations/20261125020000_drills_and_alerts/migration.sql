-- CreateEnum
CREATE TYPE "DrillStatus" AS ENUM ('queued', 'running', 'passed', 'failed');

-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('info', 'warning', 'critical');

-- CreateEnum
CREATE TYPE "AlertState" AS ENUM ('open', 'acknowledged', 'resolved');

-- CreateTable
CREATE TABLE "drills" (
    "id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "job_id" UUID,
    "requested_by_id" UUID,
    "status" "DrillStatus" NOT NULL DEFAULT 'queued',
    "target_kind" TEXT NOT NULL,
    "restore_point" TEXT,
    "tolerance_pct" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "backup_id" UUID,
    "target_lsn" TEXT,
    "reached_lsn" TEXT,
    "port" INTEGER,
    "data_dir" TEXT,
    "base_bytes" BIGINT,
    "wal_bytes" BIGINT,
    "base_ms" INTEGER,
    "replay_ms" INTEGER,
    "check_ms" INTEGER,
    "total_ms" INTEGER,
    "checks" JSONB,
    "row_counts" JSONB,
    "error" TEXT,
    "log_tail" TEXT,
    "cleaned_up_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "drills_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "rule" TEXT NOT NULL,
    "severity" "AlertSeverity" NOT NULL,
    "message" TEXT NOT NULL,
    "details" JSONB,
    "state" "AlertState" NOT NULL DEFAULT 'open',
    "open_key" TEXT,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "occurrences" INTEGER NOT NULL DEFAULT 1,
    "acknowledged_by_id" UUID,
    "acknowledged_at" TIMESTAMPTZ(3),
    "ack_comment" TEXT,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "drills_job_id_key" ON "drills"("job_id");

-- CreateIndex
CREATE INDEX "drills_cluster_id_created_at_idx" ON "drills"("cluster_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "alerts_open_key_key" ON "alerts"("open_key");

-- CreateIndex
CREATE INDEX "alerts_cluster_id_state_idx" ON "alerts"("cluster_id", "state");

-- AddForeignKey
ALTER TABLE "drills" ADD CONSTRAINT "drills_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drills" ADD CONSTRAINT "drills_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drills" ADD CONSTRAINT "drills_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drills" ADD CONSTRAINT "drills_backup_id_fkey" FOREIGN KEY ("backup_id") REFERENCES "backups"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_acknowledged_by_id_fkey" FOREIGN KEY ("acknowledged_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
