-- Table-level restores (issue 18, docs/decisions/0023): their own table beside restores and
-- drills, with the restores' status vocabulary.
CREATE TYPE "TableRestoreDestination" AS ENUM ('schema', 'database');

CREATE TABLE "table_restores" (
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
    "repository_id" UUID,
    "plan_reason" TEXT NOT NULL,
    "target_lsn" TEXT,
    "database" TEXT NOT NULL,
    "tables" TEXT[] NOT NULL,
    "destination" "TableRestoreDestination" NOT NULL,
    "destination_name" TEXT NOT NULL,
    "diff" BOOLEAN NOT NULL DEFAULT false,
    "data_dir" TEXT,
    "port" INTEGER,
    "reached_lsn" TEXT,
    "base_bytes" BIGINT,
    "wal_bytes" BIGINT,
    "base_ms" INTEGER,
    "replay_ms" INTEGER,
    "load_ms" INTEGER,
    "results" JSONB,
    "error" TEXT,
    "log_tail" TEXT,
    "cleaned_up_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "table_restores_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "table_restores_job_id_key" ON "table_restores"("job_id");
CREATE INDEX "table_restores_cluster_id_created_at_idx" ON "table_restores"("cluster_id", "created_at");

ALTER TABLE "table_restores" ADD CONSTRAINT "table_restores_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "table_restores" ADD CONSTRAINT "table_restores_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "table_restores" ADD CONSTRAINT "table_restores_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "table_restores" ADD CONSTRAINT "table_restores_backup_id_fkey" FOREIGN KEY ("backup_id") REFERENCES "backups"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "table_restores" ADD CONSTRAINT "table_restores_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE SET NULL ON UPDATE CASCADE;
