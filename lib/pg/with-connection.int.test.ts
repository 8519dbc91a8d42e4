import type pg from "pg";
import { describe, expect, it } from "vitest";
import { withClient } from "@/lib/pg/with-connection";
import { useTestCluster } from "@/test/harness/cluster";
import { until } from "@/test/harness/until";

const source = useTestCluster();
const target = () => ({
  host: "127.0.0.1",
  port: source().port,
  database: "postgres",
  username: "postgres",
  password: source().password,
  sslmode: "disable" as const,
});

describe("withClient", () => {
  it("turns a connection the server drops between statements into a failed statement, not a crash of the process", async () => {
    const failure = await withClient(target(), async (c: pg.Client) => {
      const { rows } = await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      const ended = new Promise((resolve) => c.once("end", resolve));
      // Another session ends this one while it is idle, as a server stopping or an admin would.
      await source().query("SELECT pg_terminate_backend($1)", [rows[0]!.pid]);
      await ended;
      return c.query("SELECT 1").then(
        () => null,
        (err: Error) => err.message,
      );
    });
    expect(failure).toMatch(/terminated|not queryable/i);
  });

  it("ends the statement running when its signal aborts", async () => {
    const abort = new AbortController();
    const running = withClient(target(), (c) => c.query("SELECT pg_sleep(60) /* wayback-abort-test */"), abort.signal);
    await until(
      "the statement to run",
      async () =>
        (await source().query("SELECT 1 FROM pg_stat_activity WHERE query LIKE '%wayback-abort-test%' AND pid <> pg_backend_pid()"))
          .rowCount,
    );
    abort.abort();
    await expect(running).rejects.toThrow(/terminated/i);
  });
});
