// pgBackRest driven by Wayback's adapter against a real cluster and a real pgbackrest (installed by
// scripts/bootstrap.sh --test): a stanza Wayback writes and owns; full → pgbench writes →
// incremental → writes → differential; a restore to a time after each set with exact rows; a copy
// at the end of the incremental (what a drill from it restores); verify finding a corrupted file;
// expire by Wayback's GFS plan removing exactly the planned sets.
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { archiveCommandFor, stanzaNameFor, stanzaRepositoryPath } from "@/lib/domain/pgbackrest-config";
import type { PgBackRestStanza } from "@/lib/domain/pgbackrest-info";
import type { RestoreTarget } from "@/lib/domain/restore-target-input";
import { planRetention } from "@/lib/domain/retention";
import { instanceSocketDir, setSettings } from "@/lib/pg/instance";
import type { Stanza } from "@/lib/pgbackrest/run-pgbackrest";
import {
  backupStanza,
  checkStanza,
  createStanza,
  expireSet,
  readStanzaInfo,
  restoreStanza,
  verifyStanza,
} from "@/lib/pgbackrest/stanza-commands";
import { writeStanzaConfig } from "@/lib/pgbackrest/write-stanza-config";
import { createTestCluster, testServerUser, type TestCluster } from "@/test/harness/cluster";
import { pgbenchInit, pgbenchRun } from "@/test/harness/pgbench";
import { allowPeerForPostgres, restoredMarks } from "@/test/pgbackrest/copies";
import { until } from "@/test/harness/until";

const LONG = 600_000;
let cluster: TestCluster;
let dir: string;
let stanza: Stanza;
const clusterId = crypto.randomUUID();

beforeAll(async () => {
  cluster = await createTestCluster({ settings: { archive_mode: "on", archive_command: "/bin/false" } });
  dir = await mkdtemp(path.join(os.tmpdir(), "wayback-pgbackrest-"));
  await chmod(dir, 0o755);
  const repo = path.join(dir, "repo");
  await mkdir(repo, { mode: 0o755 });
  stanza = await writeStanzaConfig(
    {
      stanza: stanzaNameFor(`test ${clusterId.slice(0, 8)}`),
      pgDataDir: cluster.dataDir,
      pgPort: cluster.port,
      pgSocketDir: instanceSocketDir(cluster.spec),
      pgUser: "postgres",
      clusterId,
      repository: { kind: "posix", path: repo },
      stanzaDir: path.join(dir, "stanza"),
      processMax: 2,
    },
    await testServerUser(),
  );
  await allowPeerForPostgres(cluster);
  await setSettings(cluster.spec, { archive_command: archiveCommandFor(stanza.configPath, stanza.name) });
  await createStanza(stanza);
  await checkStanza(stanza);
  await cluster.query("CREATE TABLE marks (n int PRIMARY KEY)");
  await pgbenchInit(cluster, 1);
}, LONG);

afterAll(async () => {
  await cluster?.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Adds rows `from`..`to` to marks and returns the moment after their commit (by the server's clock). */
async function mark(from: number, to: number): Promise<string> {
  await cluster.query("INSERT INTO marks SELECT generate_series($1::int, $2::int)", [from, to]);
  const { rows } = await cluster.query("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS t");
  // A commit after the target moment must reach the archive for recovery to stop at it.
  await new Promise((r) => setTimeout(r, 20));
  return rows[0].t as string;
}

/** Makes the current WAL segment archived by pgBackRest, so a restore can replay past now. */
async function archiveNow(): Promise<void> {
  await cluster.query("INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, 1, 0, now())");
  const { rows } = await cluster.query("SELECT pg_walfile_name(pg_switch_wal()) AS name");
  const name = rows[0].name as string;
  await until(
    `WAL ${name} in the stanza's archive`,
    async () => {
      const info = await readStanzaInfo(stanza);
      const max = info.archive.at(-1)?.max;
      return max !== undefined && max.segno >= BigInt(`0x${name.slice(8, 16)}`) * 256n + BigInt(`0x${name.slice(16)}`);
    },
    120_000,
  );
}

/** Restores into a new copy, started to promotion, and returns the marks it has. */
async function restoreAndCount(target: RestoreTarget, setLabel: string): Promise<number> {
  let lastPercent = 0;
  const marks = await restoredMarks(dir, cluster.password, (dataDir) =>
    restoreStanza(stanza, { target, setLabel, dataDir, inPlace: false }, { onProgress: (p) => (lastPercent = p) }),
  );
  expect(lastPercent).toBe(100);
  return marks;
}

describe("a pgBackRest stanza Wayback owns", () => {
  const sets: Record<string, string> = {};
  const moments: Record<string, string> = {};
  let info: PgBackRestStanza;

  it("writes the config 0600, the server user's, and puts the repository in the Wayback repository's pgBackRest area", async () => {
    const st = await stat(stanza.configPath);
    expect(st.mode & 0o777).toBe(0o600);
    expect(st.uid).toBe((await testServerUser())!.uid);
    expect(await readdir(stanzaRepositoryPath(path.join(dir, "repo"), clusterId))).toEqual(expect.arrayContaining(["archive", "backup"]));
  });

  it(
    "takes a full, an incremental and a differential with pgbench writes between, each restorable to a time after it with exact rows",
    async () => {
      let fullProgress = 0;
      sets.full = await backupStanza(stanza, "full", { onProgress: (p) => (fullProgress = p) });
      expect(fullProgress).toBe(100);
      moments.full = await mark(1, 100);
      await pgbenchRun(cluster, { seconds: 3 });
      sets.incr = await backupStanza(stanza, "incr");
      moments.incr = await mark(101, 250);
      await pgbenchRun(cluster, { seconds: 3 });
      sets.diff = await backupStanza(stanza, "diff");
      moments.diff = await mark(251, 450);
      await mark(451, 460);
      await archiveNow();

      info = await readStanzaInfo(stanza);
      expect(info.sets.map((s) => [s.label, s.kind, s.parentLabel])).toEqual([
        [sets.full, "full", null],
        [sets.incr, "incr", sets.full],
        [sets.diff, "diff", sets.full],
      ]);
      // An incremental after a few seconds of pgbench stores far less than the full it builds on.
      const [full, incr] = info.sets;
      expect(incr!.storedSizeBytes).toBeLessThan(full!.storedSizeBytes);
      expect(info.systemIdentifier).toMatch(/^\d{15,20}$/);

      expect(await restoreAndCount({ kind: "time", time: moments.full, inclusive: true }, sets.full)).toBe(100);
      expect(await restoreAndCount({ kind: "time", time: moments.incr, inclusive: true }, sets.incr)).toBe(250);
      expect(await restoreAndCount({ kind: "time", time: moments.diff, inclusive: true }, sets.diff)).toBe(450);
    },
    LONG * 2,
  );

  it(
    "restores a copy at the end of the incremental (what a drill from it starts)",
    async () => {
      // Marks 1–100 were written after the full and before the incremental began.
      expect(await restoreAndCount({ kind: "immediate", backupId: crypto.randomUUID() }, sets.incr!)).toBe(100);
    },
    LONG,
  );

  it(
    "verify finds a corrupted file in the repository, and passes once it is whole again",
    async () => {
      expect((await verifyStanza(stanza)).ok).toBe(true);
      const base = path.join(
        stanzaRepositoryPath(path.join(dir, "repo"), clusterId),
        "backup",
        stanza.name,
        sets.full!,
        "pg_data",
        "global",
      );
      const victim = path.join(
        base,
        (await readdir(base)).find((f) => /^\d+\.zst$/.test(f))!,
      );
      const original = await readFile(victim);
      const damaged = Buffer.from(original);
      damaged.write("garbage", Math.min(20, damaged.length - 8));
      await writeFile(victim, damaged);
      try {
        const result = await verifyStanza(stanza);
        expect(result.ok).toBe(false);
        const relative = path.relative(path.join(stanzaRepositoryPath(path.join(dir, "repo"), clusterId), "backup", stanza.name), victim);
        expect(result.problems).toContain(`${relative}: invalid checksum`);
        expect(result.sets.get(sets.full!)).toBe("invalid");
      } finally {
        await writeFile(victim, original);
      }
      expect((await verifyStanza(stanza)).ok).toBe(true);
    },
    LONG,
  );

  it(
    "expires exactly the sets Wayback's GFS plan lets go, never a parent a kept set needs",
    async () => {
      sets.full2 = await backupStanza(stanza, "full");
      sets.incr2 = await backupStanza(stanza, "incr");
      const before = await readStanzaInfo(stanza);
      const plan = planRetention({
        backups: before.sets.map((s) => ({
          id: s.label,
          status: "complete",
          startedAt: s.startedAt,
          stopTime: s.stoppedAt,
          parentId: s.parentLabel,
        })),
        // Everything is from today: the minimum decides, and the newest incremental's full comes with it.
        rules: { keepDaily: 0, keepWeekly: 0, keepMonthly: 0, keepYearly: 0, minComplete: 1, timeZone: "UTC" },
        now: new Date(),
        inUse: new Map(),
      });
      const letGo = plan.decisions.filter((d) => !d.keep).map((d) => d.id);
      expect(new Set(letGo)).toEqual(new Set([sets.full, sets.incr, sets.diff]));
      for (const label of letGo) await expireSet(stanza, label);
      expect((await readStanzaInfo(stanza)).sets.map((s) => s.label)).toEqual([sets.full2, sets.incr2]);
    },
    LONG,
  );
});
