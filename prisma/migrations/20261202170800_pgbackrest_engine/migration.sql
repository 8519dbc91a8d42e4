-- pgBackRest as a second engine (issue #22, decision 0029). A cluster is backed up by Wayback's own
-- engine or by pgBackRest; a pgBackRest cluster has a stanza, and the path of the stanza's config
-- file when it was imported (null: Wayback writes and owns the config under its data directory).
CREATE TYPE "BackupEngine" AS ENUM ('wayback', 'pgbackrest');
ALTER TABLE "clusters" ADD COLUMN "engine" "BackupEngine" NOT NULL DEFAULT 'wayback';
ALTER TABLE "clusters" ADD COLUMN "pgbackrest_stanza" TEXT;
ALTER TABLE "clusters" ADD COLUMN "pgbackrest_config_path" TEXT;
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_engine_stanza" CHECK (
  ("engine" = 'pgbackrest') = ("pgbackrest_stanza" IS NOT NULL)
  AND ("pgbackrest_config_path" IS NULL OR "pgbackrest_stanza" IS NOT NULL)
);

-- A backup is a full copy, or a differential (against the last full) or incremental (against the
-- last backup) one that restores only with its parent: retention keeps the parent while the child
-- is kept, hence Restrict.
CREATE TYPE "BackupKind" AS ENUM ('full', 'diff', 'incr');
ALTER TABLE "backups" ADD COLUMN "kind" "BackupKind" NOT NULL DEFAULT 'full';
ALTER TABLE "backups" ADD COLUMN "parent_backup_id" UUID;
ALTER TABLE "backups" ADD CONSTRAINT "backups_parent_backup_id_fkey" FOREIGN KEY ("parent_backup_id") REFERENCES "backups"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "backups" ADD CONSTRAINT "backups_kind_parent" CHECK (("kind" = 'full') = ("parent_backup_id" IS NULL));
CREATE INDEX "backups_parent_backup_id_idx" ON "backups"("parent_backup_id");
