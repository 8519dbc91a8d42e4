-- Job attempts (issue #15): the job row tells the truth about its current attempt; each attempt,
-- with its worker, times, outcome and error, is kept here so a retry does not erase why the
-- previous one ended.
CREATE TYPE "JobAttemptOutcome" AS ENUM ('succeeded', 'failed', 'stalled');

CREATE TABLE "job_attempts" (
    "job_id" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "worker" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "ended_at" TIMESTAMPTZ(3),
    "outcome" "JobAttemptOutcome",
    "error" TEXT,

    CONSTRAINT "job_attempts_pkey" PRIMARY KEY ("job_id", "attempt")
);

ALTER TABLE "job_attempts" ADD CONSTRAINT "job_attempts_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
