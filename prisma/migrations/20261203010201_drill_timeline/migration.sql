-- Drills choose a timeline like restores can (issue 19): recovery_target_timeline asked for; null
-- follows the latest.
ALTER TABLE "drills" ADD COLUMN "timeline" INTEGER;
