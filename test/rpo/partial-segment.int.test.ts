// Lose seconds, not segments (issue 19): a commit on an idle cluster reaches the repository in the
// receiver's partial segment within seconds; after kill -9 of the server and the loss of its data
// directory, a restore to "latest" from the repository has it. Run for a plain repository (the CLI
// fetches the partial) and an encrypted one (the restore job serves it, decrypted).
import os from "node:os";
import { randomBytes } from "node:crypto";
import { access } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { restoreRequestInput } from "@/lib/domain/restore-input";
import { parseLsn } from "@/lib/domain/lsn";
import { destroyInstance } from "@/lib/pg/instance";
import { requestRestore } from "@/lib/restores/request-restore";
import { getTimeline } from "@/lib/timeline/get-timeline";
import { walPartialKey } from "@/lib/wal/wal-partial-key";
import { walKey } from "@/lib/storage/layout";
import { backedUpInto } from "@/test/harness/backed-up-cluster";
import { uniqueName } from "@/test/harness/catalog";
import { createTestCluster, testBinaries, testServerUser, type TestCluster } from "@/test/harness/cluster";
import { createTestRepository } from "@/test/harness/repository";
import { onCopy } from "@/test/harness/restored-copy";
import { until } from "@/test/harness/until";
import { useWorker } from "@/test/harness/worker";
import { waitForJob } from "@/test/harness/worker";
import { killAndWipe } from "@/test/rpo/kill";

const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
const sources: TestCluster[] = [];
const copies: { dataDir: string; port: number }[] = [];

afterAll(async () => {
  const bins = testBinaries();
  const osUser = await testServerUser();
  for (const c of copies) await destroyInstance({ dataDir: c.dataDir, port: c.port, bins, osUser }).catch(() => undefined);
  for (const s of sources) await s.destroy();
});

describe.each([
  ["a plain repository", false],
  ["an encrypted repository", true],
])("the partial segment in %s", (_what, encrypt) => {
  it("keeps a commit made on an idle cluster, which a restore to latest brings back after kill -9 and the data directory's loss", async () => {
    const c = await createTestCluster();
    sources.push(c);
    const repo = await createTestRepository(w.db, encrypt ? { encryptWith: w.config().secretKey } : {});
    const { clusterId } = await backedUpInto(w, c, { name: uniqueName("rpo"), repositoryId: repo.id });

    // 1. one commit, on an otherwise idle cluster: far from filling its segment
    const marker = `marker-${randomBytes(6).toString("hex")}`;
    await c.query("CREATE TABLE rpo_marker (note text NOT NULL)");
    await c.query("INSERT INTO rpo_marker VALUES ($1)", [marker]);
    const { rows } = await c.query("SELECT pg_current_wal_lsn()::text AS lsn, pg_walfile_name(pg_current_wal_lsn()) AS segment");
    const committedThrough = parseLsn(rows[0].lsn);

    // 2. the receiver uploads the segment being received, with that commit, within seconds
    const partial = await until(
      "the partial segment with the commit to be uploaded",
      () => w.db.walPartial.findUnique({ where: { clusterId } }).then((p) => p !== null && p.endLsn >= committedThrough && p),
      60_000,
    );
    expect(partial.name).toBe(rows[0].segment);
    expect(partial.lastCommitAt).not.toBeNull();
    expect(await w.db.walSegment.count({ where: { clusterId, name: partial.name } })).toBe(0);
    // Its own object kind: never under the complete segment's key.
    if (!encrypt) {
      await expect(access(path.join(repo.path, walPartialKey(clusterId, partial.name)))).resolves.toBeUndefined();
      await expect(access(path.join(repo.path, walKey(clusterId, partial.name)))).rejects.toThrow(/ENOENT/);
    }
    const view = await getTimeline(w.db, { clusterId, cli: { command: "wayback" } });
    expect(view.partial).toMatchObject({ name: partial.name, inWindow: true });
    expect(view.windows.at(-1)?.to).toMatchObject({ partial: true, time: partial.lastCommitAt!.toISOString() });
    expect(view.latestRecoverableTime).toBe(partial.lastCommitAt!.toISOString());
    expect(view.rpo.measuredSeconds).not.toBeNull();

    // 3. the server is lost: kill -9, data directory gone
    await killAndWipe(c);

    // 4. restore "latest" from the repository: the marker row is there
    const input = restoreRequestInput.parse({ target: { kind: "latest" } });
    const userId = (await w.db.user.create({ data: { username: uniqueName("op"), passwordHash: "x", role: "operator" } })).id;
    const { restore } = await requestRestore(w.db, w.queue(), {
      clusterId,
      input,
      userId,
      restore: { roots: [os.tmpdir()], ports: w.config().restore.ports },
    });
    copies.push({ dataDir: restore!.dataDir, port: restore!.port });
    const job = await waitForJob(w.db, restore!.jobId!, (j) => j.status === "succeeded" || j.status === "failed");
    expect(job.error).toBeNull();
    const row = await w.db.restore.findUniqueOrThrow({ where: { id: restore!.id } });
    const restored = await onCopy(row.port, c.password, (copy) => copy.query("SELECT note FROM rpo_marker").then((r) => r.rows));
    expect(restored).toEqual([{ note: marker }]);
  }, 600_000);
});
