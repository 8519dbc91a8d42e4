// A backup failed by its server going away says why in its first line: the job's error, the
// backup's, and the backup_failed alert lead with the server's words, not pg_basebackup's progress.
import { describe, expect, it } from "vitest";
import { requestBackup } from "@/lib/backups/request-backup";
import { createCluster } from "@/lib/clusters/create-cluster";
import { evaluateCluster } from "@/lib/monitor/evaluate-cluster";
import { startInstance, stopInstance } from "@/lib/pg/instance";
import { uniqueName } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { pgbenchInit } from "@/test/harness/pgbench";
import { createTestRepository } from "@/test/harness/repository";
import { useWorker } from "@/test/harness/worker";

const w = useWorker();
const source = useTestCluster();

const CAUSE = /^pg_basebackup failed: [^\n]*FATAL: +terminating connection due to administrator command\n/;

describe("a backup whose server is stopped mid-copy", () => {
  it("fails with the server's reason first, in the job, the backup and the alert", async () => {
    const c = source();
    await pgbenchInit(c, 5);
    const repo = await createTestRepository(w.db);
    const { id: clusterId } = await createCluster(w.db, {
      // Uncompressed and rate-limited: the copy surely still runs when the server is stopped. Slow
      // enough that the repository and the verifier keep up on a busy machine: were they the
      // bottleneck, the server's socket would be full and its last words lost (decision 0017).
      input: {
        name: uniqueName("cause"),
        host: c.host,
        port: c.port,
        username: c.superuser,
        password: c.password,
        sslmode: "disable",
        repositoryId: repo.id,
        compression: "none",
        backupMaxRateKb: 512,
      },
      secretKey: w.config().secretKey,
    });
    const job = await requestBackup(w.db, w.queue(), clusterId);
    await w.waitForJob(job.id, (j) => j.phase === "copy" && (j.bytesDone ?? 0n) > 0n);
    // "fast": the server ends every session with "terminating connection due to administrator command".
    await stopInstance(c.spec, "fast");
    try {
      const failed = await w.waitForJob(job.id);
      expect(failed.status).toBe("failed");
      expect(failed.error).toMatch(CAUSE);
      const backup = await w.db.backup.findUniqueOrThrow({ where: { jobId: job.id } });
      expect(backup.error).toMatch(CAUSE);

      const { intervalMs: _interval, ...thresholds } = w.config().monitor;
      await evaluateCluster(w.db, { clusterId, thresholds, cli: w.config().cli });
      const alert = await w.db.alert.findFirstOrThrow({ where: { clusterId, rule: "backup_failed" } });
      const firstLine = failed.error!.split("\n")[0]!;
      expect(alert.message).toContain(`failed: ${firstLine}. Fix the cause`);
      expect(alert.message).not.toMatch(/kB \(\d+%\)/);
    } finally {
      await startInstance(c.spec);
    }
  });
});
