-- A dump restored into a new local PostgreSQL instance the worker makes (issue #8): no target
-- cluster; the instance's directory, port and connection string (no secrets) are recorded, and
-- when it was removed.
CREATE TYPE "DumpRestoreTarget" AS ENUM ('cluster', 'new_instance');

ALTER TABLE "dump_restores"
    ADD COLUMN "target" "DumpRestoreTarget" NOT NULL DEFAULT 'cluster',
    ALTER COLUMN "target_cluster_id" DROP NOT NULL,
    ADD COLUMN "instance_data_dir" TEXT,
    ADD COLUMN "instance_port" INTEGER,
    ADD COLUMN "connection_string" TEXT,
    ADD COLUMN "discarded_at" TIMESTAMPTZ(3);
