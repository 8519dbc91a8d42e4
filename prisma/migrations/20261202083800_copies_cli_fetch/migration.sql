-- restore_command of a restore from a copy repository (`wayback wal-fetch --repository <id>`): the
-- location of that repository, only when it is a copy repository of the cluster. One row when the
-- cluster exists (nulls when the repository is not one of its copies), none otherwise, as
-- cluster_repository answers.
CREATE FUNCTION "wayback_cli"."cluster_copy_repository"(p_cluster UUID, p_repository UUID)
RETURNS TABLE ("kind" TEXT, "path" TEXT, "s3_endpoint" TEXT, "s3_region" TEXT, "s3_bucket" TEXT, "s3_prefix" TEXT,
  "s3_force_path_style" BOOLEAN, "s3_storage_class" TEXT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT r."kind"::text, r."path", r."s3_endpoint", r."s3_region", r."s3_bucket", r."s3_prefix", r."s3_force_path_style",
         r."s3_storage_class"
    FROM "clusters" c
    LEFT JOIN "cluster_copy_repositories" cc ON cc."cluster_id" = c."id" AND cc."repository_id" = p_repository
    LEFT JOIN "repositories" r ON r."id" = cc."repository_id"
   WHERE c."id" = p_cluster
$$;
REVOKE ALL ON FUNCTION "wayback_cli"."cluster_copy_repository"(UUID, UUID) FROM PUBLIC;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wayback_cli') THEN
    GRANT EXECUTE ON FUNCTION "wayback_cli"."cluster_copy_repository"(UUID, UUID) TO "wayback_cli";
  END IF;
END $$;
