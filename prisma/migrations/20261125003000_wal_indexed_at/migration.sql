-- AlterTable
ALTER TABLE "wal_segments" ADD COLUMN     "indexed_at" TIMESTAMPTZ(3);
