-- A backup an admin deleted is recorded like one retention expired, without a retention run,
-- with who deleted it.
ALTER TABLE "expiries" ALTER COLUMN "run_id" DROP NOT NULL;

-- AlterTable
ALTER TABLE "expiries" ADD COLUMN "deleted_by_id" UUID;

-- AddForeignKey
ALTER TABLE "expiries" ADD CONSTRAINT "expiries_deleted_by_id_fkey" FOREIGN KEY ("deleted_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
