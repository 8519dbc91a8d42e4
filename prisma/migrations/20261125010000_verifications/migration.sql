-- CreateEnum
CREATE TYPE "VerificationStatus" AS ENUM ('running', 'passed', 'failed');

-- CreateEnum
CREATE TYPE "VerificationScope" AS ENUM ('backup', 'wal');

-- AlterTable
ALTER TABLE "backups" ADD COLUMN     "last_verification_id" UUID;

-- CreateTable
CREATE TABLE "verifications" (
    "id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "job_id" UUID,
    "status" "VerificationStatus" NOT NULL DEFAULT 'running',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "files_total" INTEGER,
    "files_checked" INTEGER NOT NULL DEFAULT 0,
    "bytes_total" BIGINT,
    "bytes_checked" BIGINT NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "verifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verification_results" (
    "id" UUID NOT NULL,
    "verification_id" UUID NOT NULL,
    "scope" "VerificationScope" NOT NULL,
    "backup_id" UUID,
    "timeline" INTEGER,
    "first_segment" TEXT,
    "last_segment" TEXT,
    "files" INTEGER NOT NULL,
    "bytes" BIGINT NOT NULL,
    "findings" INTEGER NOT NULL,

    CONSTRAINT "verification_results_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verification_findings" (
    "id" UUID NOT NULL,
    "verification_id" UUID NOT NULL,
    "scope" "VerificationScope" NOT NULL,
    "backup_id" UUID,
    "path" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,

    CONSTRAINT "verification_findings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "verifications_job_id_key" ON "verifications"("job_id");

-- CreateIndex
CREATE INDEX "verifications_cluster_id_started_at_idx" ON "verifications"("cluster_id", "started_at");

-- CreateIndex
CREATE INDEX "verification_results_verification_id_idx" ON "verification_results"("verification_id");

-- CreateIndex
CREATE INDEX "verification_findings_verification_id_idx" ON "verification_findings"("verification_id");

-- AddForeignKey
ALTER TABLE "backups" ADD CONSTRAINT "backups_last_verification_id_fkey" FOREIGN KEY ("last_verification_id") REFERENCES "verifications"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verifications" ADD CONSTRAINT "verifications_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verifications" ADD CONSTRAINT "verifications_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verification_results" ADD CONSTRAINT "verification_results_verification_id_fkey" FOREIGN KEY ("verification_id") REFERENCES "verifications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verification_results" ADD CONSTRAINT "verification_results_backup_id_fkey" FOREIGN KEY ("backup_id") REFERENCES "backups"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verification_findings" ADD CONSTRAINT "verification_findings_verification_id_fkey" FOREIGN KEY ("verification_id") REFERENCES "verifications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verification_findings" ADD CONSTRAINT "verification_findings_backup_id_fkey" FOREIGN KEY ("backup_id") REFERENCES "backups"("id") ON DELETE SET NULL ON UPDATE CASCADE;
