-- Drills and verifications from copies (issue 17): which repository a drill restored from and a
-- verification read, so a team can show the offsite copy restores; null on rows from before this
-- (they read the primary). A repository's deletion keeps the rows and forgets where they read.
ALTER TABLE "drills" ADD COLUMN "repository_id" UUID;
ALTER TABLE "drills" ADD CONSTRAINT "drills_repository_id_fkey"
    FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "verifications" ADD COLUMN "repository_id" UUID;
ALTER TABLE "verifications" ADD CONSTRAINT "verifications_repository_id_fkey"
    FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The copy repository a cluster's drills read when none is asked for (the scheduled ones). The verb
-- that sets it clears the cluster's others in the same transaction (one at most; a partial unique
-- index would have no counterpart in schema.prisma). It goes with the copy link when the copy
-- repository is removed.
ALTER TABLE "cluster_copy_repositories" ADD COLUMN "drills_from" BOOLEAN NOT NULL DEFAULT false;
