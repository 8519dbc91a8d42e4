-- What transactions did, read from archived WAL by the index job, and the names of relation files
-- over time (issue 18, decision 0022). Activity rows belong to the segment that produced them.

CREATE TABLE "wal_open_xacts" (
    "cluster_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "xacts" JSONB NOT NULL,
    CONSTRAINT "wal_open_xacts_pkey" PRIMARY KEY ("cluster_id", "name")
);
ALTER TABLE "wal_open_xacts" ADD CONSTRAINT "wal_open_xacts_cluster_id_name_fkey"
    FOREIGN KEY ("cluster_id", "name") REFERENCES "wal_segments"("cluster_id", "name") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "wal_transactions" (
    "cluster_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "xid" BIGINT NOT NULL,
    "timeline" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "ended_at" TIMESTAMPTZ(3) NOT NULL,
    "end_lsn" TEXT NOT NULL,
    "subxacts" INTEGER NOT NULL DEFAULT 0,
    "rows_inserted" INTEGER NOT NULL,
    "rows_updated" INTEGER NOT NULL,
    "rows_deleted" INTEGER NOT NULL,
    "kinds" TEXT NOT NULL,
    CONSTRAINT "wal_transactions_pkey" PRIMARY KEY ("cluster_id", "name", "xid")
);
CREATE INDEX "wal_transactions_cluster_id_ended_at_idx" ON "wal_transactions"("cluster_id", "ended_at");
ALTER TABLE "wal_transactions" ADD CONSTRAINT "wal_transactions_cluster_id_name_fkey"
    FOREIGN KEY ("cluster_id", "name") REFERENCES "wal_segments"("cluster_id", "name") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "wal_transaction_relations" (
    "cluster_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "xid" BIGINT NOT NULL,
    "database_oid" BIGINT NOT NULL,
    "relfilenode" BIGINT NOT NULL,
    "inserted" INTEGER NOT NULL,
    "updated" INTEGER NOT NULL,
    "deleted" INTEGER NOT NULL,
    "event" TEXT,
    CONSTRAINT "wal_transaction_relations_pkey" PRIMARY KEY ("cluster_id", "name", "xid", "database_oid", "relfilenode")
);
ALTER TABLE "wal_transaction_relations" ADD CONSTRAINT "wal_transaction_relations_cluster_id_name_xid_fkey"
    FOREIGN KEY ("cluster_id", "name", "xid") REFERENCES "wal_transactions"("cluster_id", "name", "xid") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "wal_activity_minutes" (
    "cluster_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "database_oid" BIGINT NOT NULL,
    "relfilenode" BIGINT NOT NULL,
    "inserted" INTEGER NOT NULL,
    "updated" INTEGER NOT NULL,
    "deleted" INTEGER NOT NULL,
    "truncates" INTEGER NOT NULL,
    "drops" INTEGER NOT NULL,
    "rewrites" INTEGER NOT NULL,
    CONSTRAINT "wal_activity_minutes_pkey" PRIMARY KEY ("cluster_id", "name", "minute", "database_oid", "relfilenode")
);
CREATE INDEX "wal_activity_minutes_cluster_id_minute_idx" ON "wal_activity_minutes"("cluster_id", "minute");
ALTER TABLE "wal_activity_minutes" ADD CONSTRAINT "wal_activity_minutes_cluster_id_name_fkey"
    FOREIGN KEY ("cluster_id", "name") REFERENCES "wal_segments"("cluster_id", "name") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "relation_names" (
    "id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "database_oid" BIGINT NOT NULL,
    "relfilenode" BIGINT NOT NULL,
    "relation_oid" BIGINT NOT NULL,
    "database_name" TEXT NOT NULL,
    "schema_name" TEXT NOT NULL,
    "table_name" TEXT NOT NULL,
    "relkind" TEXT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "relation_names_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "relation_names_naming_key"
    ON "relation_names"("cluster_id", "database_oid", "relfilenode", "relation_oid", "database_name", "schema_name", "table_name");
CREATE INDEX "relation_names_cluster_id_schema_name_table_name_idx" ON "relation_names"("cluster_id", "schema_name", "table_name");
ALTER TABLE "relation_names" ADD CONSTRAINT "relation_names_cluster_id_fkey"
    FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;
