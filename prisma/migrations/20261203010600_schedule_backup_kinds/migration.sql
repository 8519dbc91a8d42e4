-- Schedules that mix backup kinds (issue #22): a policy's backup_cron takes full backups; a
-- pgBackRest cluster may also take differential and incremental ones on their own schedules
-- (e.g. weekly full, daily incremental). A Wayback-engine cluster takes full backups only: a
-- policy with these schedules is refused for it (lib/domain/backup-kind.ts).
ALTER TYPE "ScheduleKind" ADD VALUE 'backup_diff';
ALTER TYPE "ScheduleKind" ADD VALUE 'backup_incr';
ALTER TABLE "policies" ADD COLUMN "backup_diff_cron" TEXT;
ALTER TABLE "policies" ADD COLUMN "backup_incr_cron" TEXT;
