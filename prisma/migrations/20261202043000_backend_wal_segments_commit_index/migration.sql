-- The fleet overview (issue #14) reads every cluster's archived WAL as ranges, in (cluster,
-- timeline, segment) order with commit times: with last_commit_at in the index that is an
-- index-only scan in order, with no sort. The new index serves every query the old one did.
DROP INDEX "wal_segments_cluster_id_timeline_segno_idx";

CREATE INDEX "wal_segments_cluster_id_timeline_segno_last_commit_at_idx" ON "wal_segments"("cluster_id", "timeline", "segno", "last_commit_at");
