-- Each cluster's archived WAL as maximal contiguous ranges per timeline, kept exact by triggers on
-- wal_segments (docs/decisions/0027): the timeline, the fleet overview, the monitor and the planners
-- read a few ranges instead of every segment row. Every writer (the worker through Prisma, the CLI's
-- wayback_cli.record_segment, retention's deletes, a cluster's cascade) goes through the triggers.
-- Each range also keeps its latest commit and the highest segment number holding it, so "the latest
-- commit from segment q to the end of the range" is known without reading segments whenever q is
-- at or before that segment (always, while commit times grow with segment numbers).
CREATE TABLE "wal_ranges" (
    "cluster_id" UUID NOT NULL,
    "timeline" INTEGER NOT NULL,
    "first_segno" BIGINT NOT NULL,
    "last_segno" BIGINT NOT NULL,
    "last_commit_at" TIMESTAMPTZ(3),
    "last_commit_segno" BIGINT,
    CONSTRAINT "wal_ranges_pkey" PRIMARY KEY ("cluster_id", "timeline", "first_segno")
);
CREATE UNIQUE INDEX "wal_ranges_cluster_id_timeline_last_segno_key" ON "wal_ranges"("cluster_id", "timeline", "last_segno");
ALTER TABLE "wal_ranges" ADD CONSTRAINT "wal_ranges_cluster_id_fkey"
    FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One writer at a time per cluster: ranges are read, merged and split across statements.
CREATE FUNCTION "wal_ranges_lock"(p_cluster UUID) RETURNS void LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(hashtextextended('wal_ranges:' || p_cluster::text, 0));
$$;

-- The latest commit in segments a..b of one timeline and the highest segment holding it (an index range scan).
CREATE FUNCTION "wal_ranges_latest"(p_cluster UUID, p_timeline INTEGER, a BIGINT, b BIGINT,
                                    OUT commit_at TIMESTAMPTZ(3), OUT commit_segno BIGINT)
LANGUAGE sql STABLE AS $$
  SELECT s."last_commit_at", s."segno" FROM "wal_segments" s
  WHERE s."cluster_id" = p_cluster AND s."timeline" = p_timeline AND s."segno" BETWEEN a AND b AND s."last_commit_at" IS NOT NULL
  ORDER BY s."last_commit_at" DESC, s."segno" DESC LIMIT 1;
$$;

-- New segments: each run of consecutive new segment numbers becomes a range, joined with the
-- range ending just before it and the one starting just after it.
CREATE FUNCTION "wal_ranges_added"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  r RECORD;
  l RECORD;
  n RECORD;
  best RECORD;
BEGIN
  PERFORM "wal_ranges_lock"(c) FROM (SELECT DISTINCT "cluster_id" AS c FROM added ORDER BY 1) x;
  FOR r IN
    SELECT "cluster_id", "timeline", min("segno") AS first, max("segno") AS last, max("last_commit_at") AS commit_at,
           (array_agg("segno" ORDER BY "last_commit_at" DESC, "segno" DESC) FILTER (WHERE "last_commit_at" IS NOT NULL))[1] AS commit_segno
    FROM (SELECT *, "segno" - row_number() OVER (PARTITION BY "cluster_id", "timeline" ORDER BY "segno") AS grp FROM added) a
    GROUP BY "cluster_id", "timeline", grp
    ORDER BY "cluster_id", "timeline", first
  LOOP
    DELETE FROM "wal_ranges" w WHERE w."cluster_id" = r."cluster_id" AND w."timeline" = r."timeline" AND w."last_segno" = r.first - 1
      RETURNING w."first_segno" AS first, w."last_commit_at" AS commit_at, w."last_commit_segno" AS commit_segno INTO l;
    DELETE FROM "wal_ranges" w WHERE w."cluster_id" = r."cluster_id" AND w."timeline" = r."timeline" AND w."first_segno" = r.last + 1
      RETURNING w."last_segno" AS last, w."last_commit_at" AS commit_at, w."last_commit_segno" AS commit_segno INTO n;
    SELECT v.commit_at, v.commit_segno INTO best
    FROM (VALUES (r.commit_at, r.commit_segno), (l.commit_at, l.commit_segno), (n.commit_at, n.commit_segno)) v(commit_at, commit_segno)
    WHERE v.commit_at IS NOT NULL ORDER BY v.commit_at DESC, v.commit_segno DESC LIMIT 1;
    INSERT INTO "wal_ranges" ("cluster_id", "timeline", "first_segno", "last_segno", "last_commit_at", "last_commit_segno")
    VALUES (r."cluster_id", r."timeline", coalesce(l.first, r.first), coalesce(n.last, r.last), best.commit_at, best.commit_segno);
  END LOOP;
  RETURN NULL;
END
$$;

-- Removed segments: the range holding each run of them is split around it. A remaining part that
-- lost the range's latest commit reads its own (the only case that reads segments).
CREATE FUNCTION "wal_ranges_removed"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  r RECORD;
  w RECORD;
  part RECORD;
  latest RECORD;
BEGIN
  PERFORM "wal_ranges_lock"(c) FROM (SELECT DISTINCT "cluster_id" AS c FROM removed ORDER BY 1) x;
  FOR r IN
    SELECT "cluster_id", "timeline", min("segno") AS first, max("segno") AS last
    FROM (SELECT *, "segno" - row_number() OVER (PARTITION BY "cluster_id", "timeline" ORDER BY "segno") AS grp FROM removed) a
    GROUP BY "cluster_id", "timeline", grp
  LOOP
    DELETE FROM "wal_ranges" x
    WHERE x."cluster_id" = r."cluster_id" AND x."timeline" = r."timeline" AND x."first_segno" <= r.first AND x."last_segno" >= r.last
    RETURNING x.* INTO w;
    CONTINUE WHEN NOT FOUND; -- the cluster's ranges went first (a cluster's cascade)
    FOR part IN SELECT * FROM (VALUES (w."first_segno", r.first - 1), (r.last + 1, w."last_segno")) p(first, last) WHERE p.first <= p.last LOOP
      IF w."last_commit_segno" BETWEEN part.first AND part.last THEN
        SELECT w."last_commit_at" AS commit_at, w."last_commit_segno" AS commit_segno INTO latest;
      ELSE
        SELECT * INTO latest FROM "wal_ranges_latest"(r."cluster_id", r."timeline", part.first, part.last);
      END IF;
      INSERT INTO "wal_ranges" ("cluster_id", "timeline", "first_segno", "last_segno", "last_commit_at", "last_commit_segno")
      VALUES (r."cluster_id", r."timeline", part.first, part.last, latest.commit_at, latest.commit_segno);
    END LOOP;
  END LOOP;
  RETURN NULL;
END
$$;

-- Commit times written later (the WAL index reads them with pg_waldump): the range's latest
-- commit moves forward, or is read again when its own segment's time changed.
CREATE FUNCTION "wal_ranges_changed"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  r RECORD;
  w RECORD;
  latest RECORD;
BEGIN
  IF EXISTS (SELECT 1 FROM before_rows o JOIN after_rows a USING ("cluster_id", "name") WHERE (o."timeline", o."segno") IS DISTINCT FROM (a."timeline", a."segno")) THEN
    RAISE EXCEPTION 'A WAL segment row keeps its timeline and segment number.';
  END IF;
  PERFORM "wal_ranges_lock"(c) FROM (SELECT DISTINCT "cluster_id" AS c FROM after_rows ORDER BY 1) x;
  FOR r IN
    SELECT a."cluster_id", a."timeline", a."segno", o."last_commit_at" AS was, a."last_commit_at" AS now
    FROM before_rows o JOIN after_rows a USING ("cluster_id", "name")
    WHERE o."last_commit_at" IS DISTINCT FROM a."last_commit_at"
  LOOP
    SELECT * INTO w FROM "wal_ranges" x
    WHERE x."cluster_id" = r."cluster_id" AND x."timeline" = r."timeline" AND x."first_segno" <= r."segno" AND x."last_segno" >= r."segno";
    CONTINUE WHEN NOT FOUND;
    IF r.now IS NOT NULL AND (w."last_commit_at" IS NULL OR r.now > w."last_commit_at" OR (r.now = w."last_commit_at" AND r."segno" > w."last_commit_segno")) THEN
      SELECT r.now AS commit_at, r."segno" AS commit_segno INTO latest;
    ELSIF w."last_commit_segno" = r."segno" THEN
      SELECT * INTO latest FROM "wal_ranges_latest"(r."cluster_id", r."timeline", w."first_segno", w."last_segno");
    ELSE
      CONTINUE;
    END IF;
    UPDATE "wal_ranges" x SET "last_commit_at" = latest.commit_at, "last_commit_segno" = latest.commit_segno
    WHERE x."cluster_id" = w."cluster_id" AND x."timeline" = w."timeline" AND x."first_segno" = w."first_segno";
  END LOOP;
  RETURN NULL;
END
$$;

CREATE TRIGGER "wal_segments_ranges_added" AFTER INSERT ON "wal_segments"
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "wal_ranges_added"();
CREATE TRIGGER "wal_segments_ranges_removed" AFTER DELETE ON "wal_segments"
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION "wal_ranges_removed"();
CREATE TRIGGER "wal_segments_ranges_changed" AFTER UPDATE ON "wal_segments"
    REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows FOR EACH STATEMENT EXECUTE FUNCTION "wal_ranges_changed"();

-- The WAL already archived.
INSERT INTO "wal_ranges" ("cluster_id", "timeline", "first_segno", "last_segno", "last_commit_at", "last_commit_segno")
SELECT "cluster_id", "timeline", min("segno"), max("segno"), max("last_commit_at"),
       (array_agg("segno" ORDER BY "last_commit_at" DESC, "segno" DESC) FILTER (WHERE "last_commit_at" IS NOT NULL))[1]
FROM (SELECT *, "segno" - row_number() OVER (PARTITION BY "cluster_id", "timeline" ORDER BY "segno") AS grp FROM "wal_segments") s
GROUP BY "cluster_id", "timeline", grp;
