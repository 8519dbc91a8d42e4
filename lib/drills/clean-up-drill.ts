import type { Db } from "@/lib/db/client";
import type { DrillRun } from "@/lib/drills/begin-drill";
import { recordDrillFacts } from "@/lib/drills/drill-record";
import { destroyInstance } from "@/lib/pg/instance";

/** The throwaway copy and its files are removed whatever happened, and the drill says when. */
export async function cleanUpDrill(db: Db, run: DrillRun): Promise<void> {
  if (run.made) await destroyInstance(run.spec);
  await recordDrillFacts(db, run.drill.id, { cleanedUpAt: new Date() });
}
