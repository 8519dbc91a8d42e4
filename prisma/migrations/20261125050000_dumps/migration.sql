-- CreateEnum
CREATE TYPE "DumpStatus" AS ENUM ('running', 'complete', 'failed');

-- CreateEnum
CREATE TYPE "DumpFormat" AS ENUM ('custom', 'directory', 'plain');

-- CreateEnum
CREATE TYPE "DumpRestoreStatus" AS ENUM ('running', 'complete', 'failed');

-- CreateTable
CREATE TABLE "dumps" (
    "id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "job_id" UUID,
    "repository_id" UUID NOT NULL,
    "status" "DumpStatus" NOT NULL DEFAULT 'running',
    "database" TEXT NOT NULL,
    "format" "DumpFormat" NOT NULL,
    "jobs" INTEGER NOT NULL DEFAULT 1,
    "compress_level" INTEGER,
    "globals" BOOLEAN NOT NULL DEFAULT true,
    "options" JSONB NOT NULL DEFAULT '{}',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "objects_dumped" INTEGER NOT NULL DEFAULT 0,
    "database_size_bytes" BIGINT,
    "stored_size_bytes" BIGINT,
    "dump_ms" INTEGER,
    "verify_ms" INTEGER,
    "pg_version" TEXT,
    "toc_summary" JSONB,
    "toc" JSONB,
    "verified" BOOLEAN,
    "verify_detail" TEXT,
    "error" TEXT,
    "removing_at" TIMESTAMPTZ(3),

    CONSTRAINT "dumps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dump_files" (
    "dump_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,

    CONSTRAINT "dump_files_pkey" PRIMARY KEY ("dump_id","name")
);

-- CreateTable
CREATE TABLE "dump_restores" (
    "id" UUID NOT NULL,
    "dump_id" UUID NOT NULL,
    "job_id" UUID,
    "requested_by_id" UUID,
    "target_cluster_id" UUID NOT NULL,
    "target_database" TEXT NOT NULL,
    "status" "DumpRestoreStatus" NOT NULL DEFAULT 'running',
    "selection" JSONB,
    "jobs" INTEGER NOT NULL DEFAULT 1,
    "no_owner" BOOLEAN NOT NULL DEFAULT true,
    "clean" BOOLEAN NOT NULL DEFAULT false,
    "if_exists" BOOLEAN NOT NULL DEFAULT false,
    "created_database" BOOLEAN,
    "error_count" INTEGER,
    "errors" TEXT,
    "restore_ms" INTEGER,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "dump_restores_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "dumps_job_id_key" ON "dumps"("job_id");

-- CreateIndex
CREATE INDEX "dumps_cluster_id_started_at_idx" ON "dumps"("cluster_id", "started_at");

-- CreateIndex
CREATE UNIQUE INDEX "dump_restores_job_id_key" ON "dump_restores"("job_id");

-- CreateIndex
CREATE INDEX "dump_restores_dump_id_created_at_idx" ON "dump_restores"("dump_id", "created_at");

-- AddForeignKey
ALTER TABLE "dumps" ADD CONSTRAINT "dumps_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dumps" ADD CONSTRAINT "dumps_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dumps" ADD CONSTRAINT "dumps_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dump_files" ADD CONSTRAINT "dump_files_dump_id_fkey" FOREIGN KEY ("dump_id") REFERENCES "dumps"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dump_restores" ADD CONSTRAINT "dump_restores_dump_id_fkey" FOREIGN KEY ("dump_id") REFERENCES "dumps"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dump_restores" ADD CONSTRAINT "dump_restores_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dump_restores" ADD CONSTRAINT "dump_restores_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dump_restores" ADD CONSTRAINT "dump_restores_target_cluster_id_fkey" FOREIGN KEY ("target_cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;
