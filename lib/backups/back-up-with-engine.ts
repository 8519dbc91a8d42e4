// The backup job for a cluster another engine serves: the stanza set up on its first backup, the
// set of the asked kind taken with pgBackRest's own progress, its catalog row tied to the job.
import { writeOwnedStanza } from "@/lib/clusters/owned-stanza";
import type { Db } from "@/lib/db/client";
import type { BackupKindInput } from "@/lib/domain/backup-input";
import type { BackupEngine } from "@/lib/engines/engine";
import type { JobLog } from "@/lib/jobs/job-log";
import type { JobProgress } from "@/lib/jobs/job-record";

export async function backUpWithEngine(
  db: Db,
  engine: BackupEngine,
  opts: {
    jobId: string;
    clusterId: string;
    kind: BackupKindInput;
    config: Parameters<typeof writeOwnedStanza>[2];
    signal: AbortSignal;
    progress: JobProgress;
    log: JobLog;
  },
): Promise<void> {
  const { signal, progress } = opts;
  await progress({ phase: "prepare" });
  // A stanza with no set yet: the config Wayback owns written from the cluster's settings (an
  // imported one left alone), the stanza created (one that exists is left as it is) and checked.
  if ((await db.backup.count({ where: { clusterId: opts.clusterId } })) === 0) {
    await writeOwnedStanza(db, opts.clusterId, opts.config);
    await engine.setUp({ signal });
    await opts.log("stanza config written, stanza created and checked");
  }
  await progress({ phase: "copy 0%" });
  // One catalog write per whole percent, in order, however many files a line reports.
  let shown = 0;
  let written = Promise.resolve();
  const backupId = await engine.backup(opts.kind, {
    signal,
    onProgress: (percent) => {
      const whole = Math.floor(percent);
      if (whole <= shown) return;
      shown = whole;
      written = written.then(() => progress({ phase: `copy ${whole}%` }));
    },
  });
  await written;
  const row = await db.backup.update({ where: { id: backupId }, data: { jobId: opts.jobId }, select: { label: true } });
  await opts.log(`pgBackRest ${opts.kind} set ${row.label} recorded`);
}
