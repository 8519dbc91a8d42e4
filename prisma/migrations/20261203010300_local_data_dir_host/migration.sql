-- Workers on many hosts (issue 20, docs/decisions/0026): the worker host whose disk holds a
-- cluster's local data directory; an in-place restore runs there. Null: not named (clusters
-- registered before hosts were, or without a local data directory): the restore picks as before.
ALTER TABLE "clusters" ADD COLUMN "local_data_dir_host" TEXT;
