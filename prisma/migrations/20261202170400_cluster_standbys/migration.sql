-- Clusters with standbys (issue 19, docs/decisions/0025). host/port stay the first database host;
-- other_hosts lists the rest (primary-to-be and standbys) as "host:port", tried in order after it,
-- so no address is stored twice and every reader of host/port keeps its meaning.
CREATE TYPE "BackupFrom" AS ENUM ('primary', 'prefer_standby', 'standby');
ALTER TABLE "clusters" ADD COLUMN "other_hosts" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "clusters" ADD COLUMN "backup_from" "BackupFrom" NOT NULL DEFAULT 'primary';
-- The database host ("host:port") a backup was taken from; null for backups taken before this.
ALTER TABLE "backups" ADD COLUMN "source_host" TEXT;
-- Each database host's role when the sample was taken ([{host, role, error?}]), for clusters with
-- other hosts; null for one-host clusters, whose one host is the connection the sample made anyway.
ALTER TABLE "monitor_samples" ADD COLUMN "database_hosts" JSONB;
