-- S3 repositories: a bucket and prefix of an S3-compatible store instead of a directory.
ALTER TYPE "RepositoryKind" ADD VALUE 's3';

ALTER TABLE "repositories" ALTER COLUMN "path" DROP NOT NULL;
ALTER TABLE "repositories" ADD COLUMN "s3_endpoint" TEXT;
ALTER TABLE "repositories" ADD COLUMN "s3_region" TEXT;
ALTER TABLE "repositories" ADD COLUMN "s3_bucket" TEXT;
ALTER TABLE "repositories" ADD COLUMN "s3_prefix" TEXT;
ALTER TABLE "repositories" ADD COLUMN "s3_force_path_style" BOOLEAN;
ALTER TABLE "repositories" ADD COLUMN "s3_storage_class" TEXT;
ALTER TABLE "repositories" ADD COLUMN "s3_access_key_id" TEXT;
ALTER TABLE "repositories" ADD COLUMN "s3_secret_access_key_encrypted" TEXT;

-- Each kind has its own columns and none of the other's. The new enum value cannot be used in the
-- transaction that adds it, hence the comparison as text. An access key comes with its secret, or
-- neither is stored (the worker's default AWS credential chain).
ALTER TABLE "repositories" ADD CONSTRAINT "repositories_kind_columns" CHECK (
  CASE "kind"::text
    WHEN 'posix' THEN "path" IS NOT NULL AND "s3_bucket" IS NULL AND "s3_region" IS NULL AND "s3_prefix" IS NULL
      AND "s3_force_path_style" IS NULL AND "s3_endpoint" IS NULL AND "s3_storage_class" IS NULL
      AND "s3_access_key_id" IS NULL AND "s3_secret_access_key_encrypted" IS NULL
    WHEN 's3' THEN "path" IS NULL AND "s3_bucket" IS NOT NULL AND "s3_region" IS NOT NULL AND "s3_prefix" IS NOT NULL
      AND "s3_force_path_style" IS NOT NULL
      AND ("s3_access_key_id" IS NULL) = ("s3_secret_access_key_encrypted" IS NULL)
    ELSE false
  END
);

-- The CLI (wal-push, wal-fetch) now also needs an S3 repository's location; never its secret,
-- which the CLI reads from its own 0600 configuration file. The return type changes, so the
-- function is replaced, and the CLI role's grant given again where that role exists.
DROP FUNCTION "wayback_cli"."cluster_repository"(UUID);
CREATE FUNCTION "wayback_cli"."cluster_repository"(p_cluster UUID)
RETURNS TABLE ("kind" TEXT, "path" TEXT, "s3_endpoint" TEXT, "s3_region" TEXT, "s3_bucket" TEXT, "s3_prefix" TEXT,
  "s3_force_path_style" BOOLEAN, "s3_storage_class" TEXT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT r."kind"::text, r."path", r."s3_endpoint", r."s3_region", r."s3_bucket", r."s3_prefix", r."s3_force_path_style",
         r."s3_storage_class"
    FROM "clusters" c LEFT JOIN "repositories" r ON r."id" = c."repository_id" WHERE c."id" = p_cluster
$$;
REVOKE ALL ON FUNCTION "wayback_cli"."cluster_repository"(UUID) FROM PUBLIC;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wayback_cli') THEN
    GRANT EXECUTE ON FUNCTION "wayback_cli"."cluster_repository"(UUID) TO "wayback_cli";
  END IF;
END $$;
