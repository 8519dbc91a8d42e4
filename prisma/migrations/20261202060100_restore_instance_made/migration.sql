-- A restore into a new instance marks when it created its data directory, so that a retry after
-- a dead worker, or Discard on a failed restore, knows there is a copy of its own to remove.
ALTER TABLE "restores" ADD COLUMN "instance_made_at" TIMESTAMPTZ(3);
