-- Workers on many hosts (issue 20, docs/decisions/0026). A job that touches a host's files is bound
-- to that worker host (jobs.worker_host; null: any worker) and queued on the host's own queue.
ALTER TABLE "jobs" ADD COLUMN "worker_host" TEXT;

-- The worker host a restore's copy (or the cluster, in place) lives on; null on restores made
-- before hosts were recorded.
ALTER TABLE "restores" ADD COLUMN "worker_host" TEXT;

-- The worker host that reaches a posix repository's path; null: a shared mount every worker host
-- reaches (every posix repository made before this, when all workers were assumed to share a host).
ALTER TABLE "repositories" ADD COLUMN "worker_host" TEXT;

-- Every worker process's heartbeat: the Workers page, /readyz and /metrics read it. Installations
-- (and test runs) sharing a catalog tell theirs apart by the queue prefix.
CREATE TABLE "workers" (
    "id" TEXT NOT NULL,
    "queue_prefix" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "queues" TEXT[] NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "running_job_ids" UUID[] NOT NULL DEFAULT ARRAY[]::UUID[],
    "heartbeat_ms" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "last_heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "stopped_at" TIMESTAMPTZ(3),
    CONSTRAINT "workers_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "workers_queue_prefix_host_idx" ON "workers"("queue_prefix", "host");
