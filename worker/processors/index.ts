import type { JobType } from "@/lib/queue/job-types";
import type { Processor } from "@/worker/processor";
import { backupDelete } from "@/worker/processors/backup-delete";
import { backupFull } from "@/worker/processors/backup-full";
import { clusterCheck } from "@/worker/processors/cluster-check";
import { copy } from "@/worker/processors/copy";
import { drill } from "@/worker/processors/drill";
import { dump } from "@/worker/processors/dump";
import { dumpRestore } from "@/worker/processors/dump-restore";
import { dumpRestoreDiscard } from "@/worker/processors/dump-restore-discard";
import { dumpVerify } from "@/worker/processors/dump-verify";
import { monitor } from "@/worker/processors/monitor";
import { notify } from "@/worker/processors/notify";
import { repositoryTest } from "@/worker/processors/repository-test";
import { restore } from "@/worker/processors/restore";
import { restoreDiscard, restorePromote } from "@/worker/processors/restore-actions";
import { retention } from "@/worker/processors/retention";
import { tableRestore } from "@/worker/processors/table-restore";
import { verify } from "@/worker/processors/verify";
import { walIndex } from "@/worker/processors/wal-index";
import { walStream } from "@/worker/processors/wal-stream";

/** One processor per job type in lib/queue/job-types.ts; the type checker keeps the two in step. */
export const PROCESSORS: { [T in JobType]: Processor<T> } = {
  "backup.delete": backupDelete,
  "backup.full": backupFull,
  "cluster.check": clusterCheck,
  copy,
  drill,
  dump,
  "dump.restore": dumpRestore,
  "dump.restore.discard": dumpRestoreDiscard,
  "dump.verify": dumpVerify,
  monitor,
  notify,
  "repository.test": repositoryTest,
  restore,
  "restore.promote": restorePromote,
  "restore.discard": restoreDiscard,
  retention,
  "table.restore": tableRestore,
  verify,
  "wal.index": walIndex,
  "wal.stream": walStream,
};
