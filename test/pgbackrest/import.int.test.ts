// An existing pgBackRest stanza (set up by hand, as its users do) registered in Wayback: its sets
// appear as the cluster's backups with kinds and parents, a restore through the engine from its
// incremental gives exact rows, and the stanza's config is left exactly as it was.
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importStanza } from "@/lib/engines/import-stanza";
import { pgBackRestEngine } from "@/lib/engines/pgbackrest-engine";
import { instanceSocketDir, setSettings } from "@/lib/pg/instance";
import { runProcess } from "@/lib/pg/run-process";
import { archiveFacts } from "@/lib/wal/archive-area";
import { useCatalog } from "@/test/harness/catalog";
import { createTestCluster, testServerUser, type TestCluster } from "@/test/harness/cluster";
import { registerTestCluster } from "@/test/harness/registered-cluster";
import { createTestRepository } from "@/test/harness/repository";
import { allowPeerForPostgres, restoredMarks } from "@/test/pgbackrest/copies";

const LONG = 600_000;
const STANZA = "legacy";
const catalog = useCatalog();
const secretKey = crypto.getRandomValues(new Uint8Array(32));
let cluster: TestCluster;
let dir: string;
let configPath: string;

/** pgbackrest as its users run it: by hand, as the server's OS user. */
async function byHand(...args: string[]): Promise<void> {
  const osUser = await testServerUser();
  await runProcess("pgbackrest", [`--config=${configPath}`, `--stanza=${STANZA}`, "--log-level-console=warn", ...args], {
    asUser: osUser,
    cwd: "/",
  });
}

beforeAll(async () => {
  cluster = await createTestCluster({ settings: { archive_mode: "on", archive_command: "/bin/false" } });
  dir = await mkdtemp(path.join(os.tmpdir(), "wayback-pgbackrest-import-"));
  await chmod(dir, 0o777);
  configPath = path.join(dir, "pgbackrest.conf");
  const user = (await testServerUser())!;
  await mkdir(path.join(dir, "repo"), { mode: 0o700 });
  await runProcess("chown", [`${user.uid}:${user.gid}`, path.join(dir, "repo")]);
  await writeFile(
    configPath,
    [
      "[global]",
      `repo1-path=${path.join(dir, "repo")}`,
      `lock-path=${path.join(dir, "repo")}`,
      "log-level-file=off",
      "repo1-retention-full=9999",
      "start-fast=y",
      `[${STANZA}]`,
      `pg1-path=${cluster.dataDir}`,
      `pg1-port=${cluster.port}`,
      `pg1-socket-path=${instanceSocketDir(cluster.spec)}`,
      "",
    ].join("\n"),
    { mode: 0o644 },
  );
  await allowPeerForPostgres(cluster);
  await setSettings(cluster.spec, { archive_command: `pgbackrest --config=${configPath} --stanza=${STANZA} archive-push %p` });
  await byHand("stanza-create");
  await cluster.query("CREATE TABLE marks (n int PRIMARY KEY)");
  await byHand("backup", "--type=full");
  await cluster.query("INSERT INTO marks SELECT generate_series(1, 70)");
  await byHand("backup", "--type=incr");
  await cluster.query("INSERT INTO marks SELECT generate_series(71, 90)");
}, LONG);

afterAll(async () => {
  await cluster?.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("importing an existing pgBackRest stanza", () => {
  it(
    "shows its sets as the cluster's backups, restores from its incremental, and leaves the stanza's config alone",
    async () => {
      const { db } = catalog;
      const repository = await createTestRepository(db);
      const clusterId = await registerTestCluster(db, {
        secretKey: Buffer.from(secretKey),
        source: cluster,
        name: "legacy",
        repositoryId: repository.id,
        input: { walMode: "archive_command" },
      });
      const configBefore = await readFile(configPath, "utf8");

      await expect(importStanza(db, { clusterId, configPath: path.join(dir, "nope.conf"), stanzaName: STANZA })).rejects.toThrow(
        /cannot read the stanza config/,
      );
      expect((await db.cluster.findUniqueOrThrow({ where: { id: clusterId } })).engine).toBe("wayback");

      const synced = await importStanza(db, { clusterId, configPath, stanzaName: STANZA, osUser: await testServerUser() });
      expect(synced.created).toBe(2);
      const row = await db.cluster.findUniqueOrThrow({ where: { id: clusterId } });
      expect([row.engine, row.pgbackrestStanza, row.pgbackrestConfigPath]).toEqual(["pgbackrest", STANZA, configPath]);
      const backups = await db.backup.findMany({ where: { clusterId }, orderBy: { startedAt: "asc" } });
      expect(backups.map((b) => [b.kind, b.status, b.parentBackupId])).toEqual([
        ["full", "complete", null],
        ["incr", "complete", backups[0]!.id],
      ]);
      expect(backups[1]!.storedSizeBytes! < backups[0]!.storedSizeBytes!).toBe(true);
      expect(backups[1]!.stopLsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);

      const engine = pgBackRestEngine(
        db,
        { id: clusterId, repositoryId: repository.id, pgbackrestStanza: STANZA, pgbackrestConfigPath: configPath },
        await testServerUser(),
      );
      expect(engine.archiveCommand()).toBe(`pgbackrest --config=${configPath} --stanza=${STANZA} archive-push %p`);
      // The readiness list expects the stanza's archive_command — the one the server has — not wal-push.
      const facts = await archiveFacts(db, { clusterId, cli: { command: "wayback" }, serverOsUser: "postgres", spoolDir: dir });
      expect(facts).toMatchObject({ expectedArchiveCommand: engine.archiveCommand(), archiveAreaAccess: "unknown" });
      expect((await cluster.query("SHOW archive_command")).rows[0].archive_command).toBe(facts.expectedArchiveCommand);
      const marks = await restoredMarks(dir, cluster.password, (dataDir) =>
        engine.restore({ backupId: backups[1]!.id, target: { kind: "immediate", backupId: backups[1]!.id }, dataDir, inPlace: false }),
      );
      expect(marks).toBe(70);
      // Listing again finds nothing new and removes nothing.
      await engine.listBackups();
      expect(await db.backup.count({ where: { clusterId } })).toBe(2);
      expect(await readFile(configPath, "utf8")).toBe(configBefore);
    },
    LONG,
  );
});
