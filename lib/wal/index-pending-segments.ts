import os from "node:os";
import type { Db } from "@/lib/db/client";
import { clusterEngine } from "@/lib/engines/cluster-engine";
import { progressThrottle } from "@/lib/domain/progress-throttle";
import type { JobProgress } from "@/lib/jobs/job-record";
import type { PgBinaries } from "@/lib/pg/binaries";
import { openRepository, type StorageAccess } from "@/lib/storage/open-repository";
import { indexSegment } from "@/lib/wal/index-segments";

/**
 * Commit times and restore points of a cluster's archived segments not read yet, from pg_waldump
 * of the major that wrote each segment (read from its page header): at most `batch` segments,
 * oldest first; progress counts segments. A cluster without a repository has nothing to read.
 */
export async function indexPendingSegments(
  db: Db,
  opts: {
    clusterId: string;
    batch: number;
    bins: PgBinaries;
    storage: StorageAccess & Parameters<typeof clusterEngine>[2];
    progress: JobProgress;
    signal: AbortSignal;
  },
): Promise<void> {
  const { signal } = opts;
  const cluster = await db.cluster.findUniqueOrThrow({ where: { id: opts.clusterId }, include: { repository: true } });
  if (!cluster.repository) return;
  const repo = openRepository(cluster.repository, opts.storage);
  // A pgBackRest cluster's WAL is in its stanza's archive (decision 0029).
  const engine = await clusterEngine(db, cluster.id, opts.storage);
  const fetchWal = engine ? (name: string, destPath: string) => engine.fetchWal(name, destPath, { signal }) : undefined;
  const segments = await db.walSegment.findMany({
    where: { clusterId: cluster.id, indexedAt: null },
    orderBy: [{ timeline: "asc" }, { segno: "asc" }],
    take: opts.batch,
    select: { name: true },
  });
  await opts.progress({ phase: "index", bytesDone: 0, bytesTotal: segments.length });
  const throttle = progressThrottle({ write: (p) => opts.progress({ bytesDone: p.bytes }), now: Date.now });
  let done = 0;
  for (const { name } of segments) {
    signal.throwIfAborted();
    await indexSegment({ db, repo, bins: opts.bins, clusterId: cluster.id, name, scratchDir: os.tmpdir(), signal, fetchWal });
    done += 1;
    throttle.report({ bytes: done, total: segments.length });
  }
  await throttle.flush();
}
