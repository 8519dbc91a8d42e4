-- The `wayback` CLI (archive_command, restore_command) reaches the catalog only through these
-- functions (docs/decisions/0011-least-privilege-cli-role.md). They run as their owner, the role
-- that migrates the catalog, and do exactly what wal-push and wal-fetch need; the CLI's role gets
-- USAGE on this schema and EXECUTE on its functions, nothing else (the grants are made where the
-- role is made: lib/embedded/catalog.ts, or the SQL in the README). Nobody else may call them.
CREATE SCHEMA "wayback_cli";
REVOKE ALL ON SCHEMA "wayback_cli" FROM PUBLIC;

-- The cluster's repository; no row when the cluster does not exist, NULLs when it has none.
CREATE FUNCTION "wayback_cli"."cluster_repository"(p_cluster UUID)
RETURNS TABLE ("kind" TEXT, "path" TEXT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT r."kind"::text, r."path" FROM "clusters" c LEFT JOIN "repositories" r ON r."id" = c."repository_id" WHERE c."id" = p_cluster
$$;

-- The system identifier the cluster's newest check read (wal-push refuses other systems' WAL).
CREATE FUNCTION "wayback_cli"."system_identifier"(p_cluster UUID)
RETURNS TEXT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT "system_identifier" FROM "cluster_checks"
   WHERE "cluster_id" = p_cluster AND "system_identifier" IS NOT NULL
   ORDER BY "checked_at" DESC LIMIT 1
$$;

-- Records a pushed segment unless it is already recorded; answers the checksum the catalog holds.
-- ON CONFLICT waits for a concurrent insert of the same key to commit, so the read that follows sees it.
CREATE FUNCTION "wayback_cli"."record_segment"(p_cluster UUID, p_name TEXT, p_timeline INTEGER, p_segno BIGINT, p_size_bytes BIGINT, p_sha256 TEXT)
RETURNS TABLE ("recorded_sha256" TEXT, "inserted" BOOLEAN)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  INSERT INTO "wal_segments" ("cluster_id", "name", "timeline", "segno", "size_bytes", "sha256", "source")
  VALUES (p_cluster, p_name, p_timeline, p_segno, p_size_bytes, p_sha256, 'push')
  ON CONFLICT ("cluster_id", "name") DO NOTHING;
  IF FOUND THEN
    RETURN QUERY SELECT p_sha256, true;
  ELSE
    RETURN QUERY SELECT s."sha256", false FROM "wal_segments" s WHERE s."cluster_id" = p_cluster AND s."name" = p_name;
  END IF;
END
$$;

CREATE FUNCTION "wayback_cli"."record_history"(p_cluster UUID, p_timeline INTEGER, p_content TEXT, p_sha256 TEXT)
RETURNS TABLE ("recorded_sha256" TEXT, "inserted" BOOLEAN)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  INSERT INTO "wal_histories" ("cluster_id", "timeline", "content", "sha256")
  VALUES (p_cluster, p_timeline, p_content, p_sha256)
  ON CONFLICT ("cluster_id", "timeline") DO NOTHING;
  IF FOUND THEN
    RETURN QUERY SELECT p_sha256, true;
  ELSE
    RETURN QUERY SELECT h."sha256", false FROM "wal_histories" h WHERE h."cluster_id" = p_cluster AND h."timeline" = p_timeline;
  END IF;
END
$$;

-- The checksum recorded for a segment (wal-fetch checks what it hands over against it).
CREATE FUNCTION "wayback_cli"."segment_checksum"(p_cluster UUID, p_name TEXT)
RETURNS TEXT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT "sha256" FROM "wal_segments" WHERE "cluster_id" = p_cluster AND "name" = p_name
$$;

-- Opens (or counts again) the cluster's "WAL file refused" alert, with its event for the notifier:
-- the statement of lib/alerts/alert-sql.ts, fixed to that one rule.
CREATE FUNCTION "wayback_cli"."wal_refused"(p_cluster UUID, p_severity TEXT, p_message TEXT)
RETURNS VOID
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  WITH up AS (
    INSERT INTO "alerts" ("id", "cluster_id", "rule", "severity", "message", "details", "state", "open_key", "first_seen_at", "last_seen_at", "occurrences")
    VALUES (gen_random_uuid(), p_cluster, 'wal_refused', p_severity::"AlertSeverity", p_message, NULL, 'open', p_cluster::text || ':wal_refused', now(), now(), 1)
    ON CONFLICT ("open_key") DO UPDATE
      SET "severity" = EXCLUDED."severity", "message" = EXCLUDED."message", "details" = EXCLUDED."details",
          "last_seen_at" = EXCLUDED."last_seen_at", "occurrences" = "alerts"."occurrences" + 1
    RETURNING "id", (xmax = 0) AS opened)
  INSERT INTO "alert_events" ("id", "alert_id", "kind", "created_at")
  SELECT gen_random_uuid(), "id", 'opened', now() FROM up WHERE opened
$$;

-- Resolves the cluster's "WAL file refused" alert, if open.
CREATE FUNCTION "wayback_cli"."wal_accepted"(p_cluster UUID)
RETURNS VOID
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  WITH r AS (
    UPDATE "alerts" SET "state" = 'resolved', "resolved_at" = now(), "open_key" = NULL
     WHERE "open_key" = p_cluster::text || ':wal_refused' RETURNING "id")
  INSERT INTO "alert_events" ("id", "alert_id", "kind", "created_at")
  SELECT gen_random_uuid(), "id", 'resolved', now() FROM r
$$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA "wayback_cli" FROM PUBLIC;

-- What the check found about archive_command mode: the command Wayback expected the server to run
-- (NULL when the cluster streamed at check time), and whether the server's OS user can write the
-- cluster's WAL area in the repository ('ok', 'fail', 'unknown'), with the reason.
ALTER TABLE "cluster_checks" ADD COLUMN "expected_archive_command" TEXT;
ALTER TABLE "cluster_checks" ADD COLUMN "archive_area_access" TEXT;
ALTER TABLE "cluster_checks" ADD COLUMN "archive_area_detail" TEXT;
