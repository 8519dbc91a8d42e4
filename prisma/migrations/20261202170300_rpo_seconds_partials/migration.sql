-- Lose seconds, not segments (issue 19, docs/decisions/0024). The RPO target is kept in seconds
-- (users' minutes ×60; new clusters 60 s). A cluster may ask its receiver to confirm WAL as it is
-- flushed (pg_receivewal --synchronous). The segment being received is kept in the repository as
-- its own object kind: one row per cluster for the newest partial segment uploaded.
ALTER TABLE "clusters" RENAME COLUMN "rpo_target_minutes" TO "rpo_target_seconds";
UPDATE "clusters" SET "rpo_target_seconds" = "rpo_target_seconds" * 60;
ALTER TABLE "clusters" ALTER COLUMN "rpo_target_seconds" SET DEFAULT 60;
ALTER TABLE "clusters" ADD COLUMN "synchronous_receive" BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE "wal_partials" (
    "cluster_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "timeline" INTEGER NOT NULL,
    "segno" BIGINT NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "end_lsn" BIGINT NOT NULL,
    "last_commit_at" TIMESTAMPTZ(3),
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "wal_partials_pkey" PRIMARY KEY ("cluster_id")
);
ALTER TABLE "wal_partials" ADD CONSTRAINT "wal_partials_cluster_id_fkey"
    FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;
