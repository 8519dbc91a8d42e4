-- Logical dumps on a policy's schedule, kept by their own grandfather-father-son counts.
ALTER TYPE "ScheduleKind" ADD VALUE 'dump';

-- AlterTable
ALTER TABLE "policies" ADD COLUMN "dump_cron" TEXT,
ADD COLUMN "dump_keep_daily" INTEGER NOT NULL DEFAULT 7,
ADD COLUMN "dump_keep_weekly" INTEGER NOT NULL DEFAULT 4,
ADD COLUMN "dump_keep_monthly" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "dump_keep_yearly" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "dump_min_complete" INTEGER NOT NULL DEFAULT 1;

-- AlterTable: an expiry names a backup or a dump; label and time serve both.
ALTER TABLE "expiries" RENAME COLUMN "backup_label" TO "label";
ALTER TABLE "expiries" RENAME COLUMN "backup_stop_time" TO "taken_at";
ALTER TABLE "expiries" ADD COLUMN "dump_id" UUID;

-- AlterTable
ALTER TABLE "retention_runs" ADD COLUMN "dumps_expired" INTEGER NOT NULL DEFAULT 0;
