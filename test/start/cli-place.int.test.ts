import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { resolveEmbeddedPlaces } from "@/lib/embedded/server-places";
import { runProcess } from "@/lib/pg/run-process";
import { buildCli, cliFiles } from "@/scripts/build-cli";
import { testServerUser } from "@/test/harness/cluster";

/**
 * A checkout the PostgreSQL OS user cannot enter (as one under /root, mode 700): the CLI goes
 * where it can, and PostgreSQL's archive_command/restore_command, run as that user, work.
 */
describe("the CLI of a checkout out of the server user's reach", async () => {
  const osUser = await testServerUser();
  const home = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-home-")); // 0700, like /root
  const checkout = path.join(home, "wayback");
  await fs.mkdir(path.join(checkout, "bin"), { recursive: true });
  let installed: string | undefined;
  afterAll(async () => {
    await fs.rm(home, { recursive: true, force: true });
    if (installed) await fs.rm(path.dirname(installed), { recursive: true, force: true });
  });

  it.skipIf(!osUser)("is installed under /var/lib/wayback and runs as the server user, where bin/ of the checkout cannot", async () => {
    const places = await resolveEmbeddedPlaces(checkout, osUser);
    expect(places.blockedBy).toBe(home);
    expect(places.cliDir).toMatch(/^\/var\/lib\/wayback\/[0-9a-f]{12}\/cli$/);
    expect(places.dataDir).toBe(path.dirname(places.cliDir));
    installed = places.cliDir;

    // What a server would run from inside the checkout: refused.
    await buildCli({ dir: path.join(checkout, "bin") });
    const inCheckout = await runProcess(cliFiles(path.join(checkout, "bin")).script, ["--help"], { asUser: osUser, cwd: "/" }).catch(
      (err: Error) => err,
    );
    expect(inCheckout).toBeInstanceOf(Error);
    expect(String(inCheckout)).toMatch(/EACCES|ermission denied/);

    // The installed one: the shell wrapper starts node on the bundle, which reads the CLI config
    // and asks the catalog (a cluster that does not exist: a clear refusal, not "command not executable").
    await buildCli({ dir: places.cliDir });
    const dest = path.join(os.tmpdir(), `wayback-fetched-${randomUUID()}`);
    const fetched = await runProcess(
      cliFiles(places.cliDir).script,
      ["wal-fetch", "--cluster", randomUUID(), "--config", inject("cliConfig"), "000000010000000000000001", dest],
      { asUser: osUser, cwd: "/" },
    ).catch((err: Error) => err);
    expect(fetched).toBeInstanceOf(Error);
    expect(String(fetched)).toMatch(/cluster \S+ does not exist in the Wayback catalog/);
  });
});
