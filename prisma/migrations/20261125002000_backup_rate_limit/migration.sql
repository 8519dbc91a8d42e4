-- AlterTable
ALTER TABLE "clusters" ADD COLUMN     "backup_max_rate_kb" INTEGER;
