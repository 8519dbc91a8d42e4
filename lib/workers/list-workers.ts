import type { Db } from "@/lib/db/client";
import { readWorkers } from "@/lib/workers/read-workers";
import { presentWorker, type WorkerView } from "@/lib/workers/worker-view";

/** Every worker of this installation, by host, live or recently gone or stopped. */
export async function listWorkers(db: Db, queuePrefix: string): Promise<WorkerView[]> {
  return (await readWorkers(db, queuePrefix)).map(presentWorker);
}
