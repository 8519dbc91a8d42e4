import { expect, it } from "vitest";
import { ensureSlot } from "@/lib/pg/receivewal";
import { useTestCluster } from "@/test/harness/cluster";

const source = useTestCluster();

it("makes the receiver's slot with its WAL reserved at once, and leaves an existing one as it is", async () => {
  const c = source();
  await c.query("CREATE ROLE wb_slot LOGIN REPLICATION PASSWORD 'slot-password'");
  const target = {
    host: c.host,
    port: c.port,
    database: "postgres",
    username: "wb_slot",
    password: "slot-password",
    sslmode: "disable" as const,
  };
  const restartLsn = async () =>
    (await c.query("SELECT restart_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = 'wayback_test'")).rows.map(
      (r) => r.lsn as string | null,
    );

  await ensureSlot(target, "wayback_test");
  // Reserved before any receiver streamed: WAL written from now on is kept for it.
  const [first] = await restartLsn();
  expect(first).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);

  await c.query("SELECT pg_switch_wal()");
  await ensureSlot(target, "wayback_test");
  expect(await restartLsn()).toEqual([first]);
});
