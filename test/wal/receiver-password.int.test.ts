import { beforeAll, describe, expect, it } from "vitest";
import { updateCluster } from "@/lib/clusters/update-cluster";
import { parseSegmentName } from "@/lib/domain/wal-segment";
import { RECEIVER_APPLICATION_NAME } from "@/lib/domain/synchronous-receive";
import { useTestCluster } from "@/test/harness/cluster";
import { createTestRepository } from "@/test/harness/repository";
import { until } from "@/test/harness/until";
import { useWorker } from "@/test/harness/worker";
import { registerTestCluster } from "@/test/harness/registered-cluster";

const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
const source = useTestCluster();
const role = "wb_receiver";
let clusterId: string;

/** The receiver's walsender on the server (its backend pid), if it is connected. */
async function walsenderPid(): Promise<number | null> {
  const { rows } = await source().query("SELECT pid FROM pg_stat_replication WHERE application_name = $1 AND usename = $2", [
    RECEIVER_APPLICATION_NAME,
    role,
  ]);
  return rows[0]?.pid ?? null;
}

/** Writes a little, switches segment, and waits until the receiver archived the segment it closed. */
async function switchedSegmentArrives(): Promise<void> {
  const c = source();
  await c.query("CREATE TABLE IF NOT EXISTS ticks (at timestamptz)");
  await c.query("INSERT INTO ticks VALUES (now())");
  const { rows } = await c.query("SELECT pg_walfile_name(pg_current_wal_lsn()) AS name");
  await c.query("SELECT pg_switch_wal()");
  const closed = parseSegmentName(rows[0].name).segno;
  await until(`segment ${rows[0].name} to be archived`, () => w.db.walSegment.findFirst({ where: { clusterId, segno: { gte: closed } } }));
}

beforeAll(async () => {
  const c = source();
  // A least-privilege login, as the docs advise, whose password the test changes.
  await c.query(`CREATE ROLE ${role} LOGIN REPLICATION PASSWORD 'first-password'`);
  await c.query(`GRANT pg_monitor TO ${role}`);
  const repo = await createTestRepository(w.db);
  clusterId = await registerTestCluster(w.db, {
    secretKey: w.config().secretKey,
    source: c,
    name: "password",
    repositoryId: repo.id,
    input: { username: role, password: "first-password" },
  });
});

describe("changing a streaming cluster's password", () => {
  it("restarts the receiver with the new password at once, and WAL keeps arriving", async () => {
    const c = source();
    await until("the receiver to stream", () =>
      w.db.walReceiver.findUnique({ where: { clusterId } }).then((r) => r?.state === "streaming" && r),
    );
    await switchedSegmentArrives();
    const before = await until("the receiver's walsender", walsenderPid);

    // The password changes on the server and in Wayback; nothing is killed.
    await c.query(`ALTER ROLE ${role} PASSWORD 'second-password'`);
    const { connectionChanged } = await updateCluster(w.db, {
      id: clusterId,
      input: { password: "second-password" },
      secretKey: w.config().secretKey,
    });
    expect(connectionChanged).toBe(true);

    // The receiver reconnects by itself: a new walsender, logged in with the new password (the
    // old one no longer works for a new session).
    await until("the receiver to reconnect", async () => {
      const pid = await walsenderPid();
      return pid !== null && pid !== before && pid;
    });
    await switchedSegmentArrives();
    const job = await w.db.job.findFirstOrThrow({ where: { clusterId, type: "wal.stream", status: "running" } });
    expect(job.log).toContain("the cluster's connection settings changed: reconnecting with them");
    // A planned reconnect is not a failure.
    const receiver = await w.db.walReceiver.findUniqueOrThrow({ where: { clusterId } });
    expect(receiver).toMatchObject({ state: "streaming", lastError: null });
  });

  it("says at once when the new password is wrong, instead of streaming on the old session", async () => {
    await updateCluster(w.db, { id: clusterId, input: { password: "not-the-password" }, secretKey: w.config().secretKey });
    const receiver = await until("the receiver to report the refused login", () =>
      w.db.walReceiver.findUnique({ where: { clusterId } }).then((r) => r !== null && r.state !== "streaming" && r.lastError !== null && r),
    );
    expect(receiver.lastError).toMatch(/password authentication failed for user "wb_receiver"/);
    expect(await walsenderPid()).toBeNull();
  });
});
