// Issue 19's receiver faults: while the repository cannot be written, the streaming receiver says
// so at once (store_failing with the error, archive_failing raised by the monitor's rules; a failed
// partial segment upload on its row and next to the measured RPO), keeps receiving into its spool,
// and once the repository works again stores the waiting segment with no gap and clears it all.
import fs from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseSegmentName } from "@/lib/domain/wal-segment";
import { getTimeline } from "@/lib/timeline/get-timeline";
import { useTestCluster } from "@/test/harness/cluster";
import { registerTestCluster } from "@/test/harness/registered-cluster";
import { createTestRepository } from "@/test/harness/repository";
import { until } from "@/test/harness/until";
import { useWorker } from "@/test/harness/worker";

const w = useWorker({ WAYBACK_SUPERVISE_MS: "500", WAYBACK_MONITOR_INTERVAL_MS: "1000" });
const source = useTestCluster();
let repo: { id: string; path: string };
let clusterId: string;

beforeAll(async () => {
  repo = await createTestRepository(w.db);
  clusterId = await registerTestCluster(w.db, {
    secretKey: w.config().secretKey,
    source: source(),
    name: "store-fault",
    repositoryId: repo.id,
  });
});

const receiver = () => w.db.walReceiver.findUnique({ where: { clusterId } });
const archiveAlert = () => w.db.alert.findFirst({ where: { clusterId, rule: "archive_failing" }, orderBy: { firstSeenAt: "desc" } });

async function commit(note: string): Promise<string> {
  const c = source();
  await c.query("CREATE TABLE IF NOT EXISTS store_fault (note text NOT NULL)");
  await c.query("INSERT INTO store_fault VALUES ($1)", [note]);
  const { rows } = await c.query("SELECT pg_walfile_name(pg_current_wal_lsn()) AS segment");
  return rows[0].segment;
}

/** The cluster's folder in the repository replaced by a plain file: every write under it fails (also for root). */
async function breakRepository(): Promise<() => Promise<void>> {
  const dir = path.join(repo.path, clusterId);
  await fs.rename(dir, `${dir}.away`);
  await fs.writeFile(dir, "not a directory");
  return async () => {
    await fs.rm(dir);
    await fs.rename(`${dir}.away`, dir);
  };
}

describe("the receiver while the repository cannot be written", () => {
  it("shows store_failing and the partial upload error at once, raises archive_failing, and recovers with no gap", async () => {
    await until("the receiver to stream", () => receiver().then((r) => r?.state === "streaming" && r));
    const first = await commit("before");
    await until("the partial segment to be uploaded", () => w.db.walPartial.findUnique({ where: { clusterId } }));

    const repair = await breakRepository();
    try {
      // 1. the partial segment grows but cannot be uploaded: said on the receiver and beside the RPO
      await commit("during");
      const partialFailed = await until("the partial upload error on the receiver", () =>
        receiver().then((r) => (r && r.partialError !== null && r.partialFailedAt !== null ? r : null)),
      );
      expect(partialFailed.partialError).toContain("Could not upload the partial segment to repository");
      const view = await getTimeline(w.db, { clusterId, cli: { command: "wayback" } });
      expect(view.rpo.partialFailure).toMatchObject({
        error: partialFailed.partialError,
        at: partialFailed.partialFailedAt!.toISOString(),
      });

      // 2. a completed segment cannot be stored: the state says so while pg_receivewal goes on
      const { rows } = await source().query("SELECT pg_walfile_name(pg_current_wal_lsn()) AS segment, pg_switch_wal()");
      const switched: string = rows[0].segment;
      const failing = await until("the receiver to say it cannot store WAL", () =>
        receiver().then((r) => r?.state === "store_failing" && r),
      );
      expect(failing.lastError).toContain(`Could not store ${switched} in repository`);
      expect(failing.lastError).toContain("make the repository reachable and writable again");
      expect(failing.restarts).toBe(0); // pg_receivewal was never stopped for it
      expect(await w.db.walSegment.count({ where: { clusterId, name: switched } })).toBe(0);
      expect((await getTimeline(w.db, { clusterId, cli: { command: "wayback" } })).archive.receiver?.state).toBe("store_failing");

      const alert = await until("archive_failing to be raised", () => archiveAlert().then((a) => a?.state === "open" && a));
      expect(alert.severity).toBe("critical");
      expect(alert.message).toContain(`Could not store ${switched}`);
    } finally {
      await repair();
    }

    // 3. the repository works again: the waiting segment is stored, everything clears
    const back = await until("the receiver to stream again", () => receiver().then((r) => r?.state === "streaming" && r));
    expect(back.lastError).toBeNull();
    await until("archive_failing to resolve", () => archiveAlert().then((a) => a?.state === "resolved" && a));
    await commit("after");
    await until("the partial upload error to clear", () =>
      receiver().then((r) => r?.partialError === null && r.partialFailedAt === null && r),
    );
    expect((await getTimeline(w.db, { clusterId, cli: { command: "wayback" } })).rpo.partialFailure).toBeNull();

    // No gap: every segment from before the fault through the one that waited is stored, in order.
    const { rows } = await source().query("SELECT pg_walfile_name(pg_current_wal_lsn()) AS segment, pg_switch_wal()");
    const last = parseSegmentName(rows[0].segment).segno;
    const from = parseSegmentName(first).segno;
    const segnos = await until("the archive to reach the last switched segment", async () => {
      const segs = await w.db.walSegment.findMany({ where: { clusterId, segno: { gte: from, lte: last } }, orderBy: { segno: "asc" } });
      return segs.length === Number(last - from) + 1 && segs.map((s) => s.segno);
    });
    expect(segnos).toEqual([...Array(segnos.length).keys()].map((i) => from + BigInt(i)));
    const view = await getTimeline(w.db, { clusterId, cli: { command: "wayback" } });
    expect(view.gaps).toEqual([]);
  }, 600_000);
});
