-- The newest "Test" of a repository (the repository.test job): which job, when, whether every
-- operation worked, and the result in words. A plain id, not a foreign key: jobs are pruned on
-- their own schedule and the result stays meaningful without its job.
ALTER TABLE "repositories" ADD COLUMN "test_job_id" UUID;
ALTER TABLE "repositories" ADD COLUMN "tested_at" TIMESTAMPTZ(3);
ALTER TABLE "repositories" ADD COLUMN "test_ok" BOOLEAN;
ALTER TABLE "repositories" ADD COLUMN "test_detail" TEXT;
