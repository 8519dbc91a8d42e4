import os from "node:os";
import { openRepository } from "@/lib/storage/open-repository";
import { indexSegment } from "@/lib/wal/index-segments";
import type { Processor } from "@/worker/processor";

// A run reads at most this many segments, oldest first; the supervisor queues the next run.
const BATCH = 200;

/** Commit times and restore points of archived segments not read yet, from pg_waldump. */
export const walIndex: Processor<"wal.index"> = async ({ payload, deps, signal, progress }) => {
  const { db } = deps;
  const cluster = await db.cluster.findUniqueOrThrow({ where: { id: payload.clusterId }, include: { repository: true } });
  if (!cluster.repository) return;
  const repo = openRepository(cluster.repository);
  const segments = await db.walSegment.findMany({
    where: { clusterId: cluster.id, indexedAt: null },
    orderBy: [{ timeline: "asc" }, { segno: "asc" }],
    take: BATCH,
    select: { name: true },
  });
  let done = 0;
  await progress({ phase: "index", bytesDone: 0, bytesTotal: segments.length });
  for (const { name } of segments) {
    signal.throwIfAborted();
    // pg_waldump of the major that wrote each segment (read from its page header).
    await indexSegment({ db, repo, bins: deps.pgBinaries, clusterId: cluster.id, name, scratchDir: os.tmpdir(), signal });
    done += 1;
    if (done % 20 === 0 || done === segments.length) await progress({ bytesDone: done });
  }
};
