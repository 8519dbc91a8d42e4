-- Bumped by a cluster update that changes how to connect (issue #14): the running WAL receiver
-- watches it and reconnects with the new settings (a new password) instead of keeping the old
-- session until it drops.
ALTER TABLE "clusters" ADD COLUMN "connection_version" INTEGER NOT NULL DEFAULT 0;
