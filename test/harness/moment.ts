import type { TestCluster } from "@/test/harness/cluster";
import { until } from "@/test/harness/until";

/**
 * A moment to restore to, read from the server's own clock after the last commit, returned once
 * that clock has moved past it: the next commit's timestamp is then strictly later, which a time
 * target needs (PostgreSQL stops at the first commit after it). Waits for the clock, not a fixed time.
 */
export async function momentAfterLastCommit(c: Pick<TestCluster, "query">): Promise<string> {
  const read = await c.query(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`);
  const moment = String(read.rows[0].t);
  await until("the server's clock to pass the moment", async () => {
    const { rows } = await c.query("SELECT clock_timestamp() > $1::timestamptz AS past", [moment]);
    return rows[0].past === true;
  });
  return moment;
}
