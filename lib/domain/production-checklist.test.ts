import { describe, expect, it } from "vitest";
import { isLocalHost, productionChecklist, type ChecklistFacts } from "@/lib/domain/production-checklist";

const NOW = new Date("2026-11-25T12:00:00Z");
const ago = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

const good: ChecklistFacts = {
  now: NOW,
  walMode: "streaming",
  backupEveryHours: 24,
  newestCompleteBackupAt: ago(3),
  archiveNewest: { name: "000000010000000000000009", archivedAt: ago(0.1) },
  receiverState: "streaming",
  archiveMode: "off",
  openArchiveAlerts: [],
  newestPassedVerificationAt: ago(48),
  newestPassedDrill: { finishedAt: ago(24 * 10), totalMs: 42_000 },
  retention: { policy: "nightly", scheduled: true, lastRun: { status: "finished", stopped: null, error: null } },
  monitoringOn: true,
  lastSampleAt: ago(0.005),
  monitorIntervalMs: 30_000,
  coveringChannels: ["ops"],
  repository: { name: "local", kind: "posix", sameHostAsCluster: false },
  copies: [{ name: "offsite", holdsNewestBackup: true, walLagSeconds: 30 }],
  rpoTargetSeconds: 900,
};

const item = (f: Partial<ChecklistFacts>, key: string) => productionChecklist({ ...good, ...f }).find((i) => i.key === key)!;

describe("production checklist", () => {
  it("is all green for a cluster that does everything, each item with its facts and no fix", () => {
    const items = productionChecklist(good);
    expect(items.map((i) => [i.key, i.ok])).toEqual([
      ["scheduled_backups", true],
      ["wal_archiving", true],
      ["verification", true],
      ["restore_tested", true],
      ["retention", true],
      ["monitoring", true],
      ["offsite", true],
      ["recovery_time", true],
    ]);
    expect(items.every((i) => i.fix === null)).toBe(true);
    expect(item({}, "recovery_time").detail).toBe("The last passing drill recovered in 42 s.");
  });

  it("turns each item red with the reason and the fix", () => {
    expect(item({ backupEveryHours: 48 }, "scheduled_backups")).toMatchObject({ ok: false, fix: expect.stringMatching(/24 h or less/) });
    expect(item({ newestCompleteBackupAt: ago(40) }, "scheduled_backups")).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/40 h ago/),
    });
    expect(item({ openArchiveAlerts: ["archive_failing"] }, "wal_archiving")).toMatchObject({
      ok: false,
      detail: "Open alert: archive_failing.",
    });
    expect(item({ receiverState: "retrying" }, "wal_archiving").detail).toBe("The WAL receiver is retrying.");
    expect(item({ walMode: "archive_command", archiveMode: "off" }, "wal_archiving").fix).toMatch(/archive_mode = on/);
    expect(item({ archiveNewest: null }, "wal_archiving").ok).toBe(false);
    expect(item({ newestPassedVerificationAt: ago(24 * 8) }, "verification")).toMatchObject({
      ok: false,
      detail: "The last clean verification was 8 days ago.",
    });
    expect(item({ newestPassedDrill: null }, "restore_tested").ok).toBe(false);
    expect(item({ retention: { policy: null, scheduled: false, lastRun: null } }, "retention").detail).toMatch(/^No policy/);
    expect(item({ retention: { policy: "p", scheduled: false, lastRun: null } }, "retention")).toMatchObject({
      ok: false,
      fix: "Give policy p a retention schedule (e.g. 30 3 * * *).",
    });
    expect(
      item({ retention: { policy: "p", scheduled: true, lastRun: { status: "failed", stopped: null, error: "disk gone" } } }, "retention")
        .detail,
    ).toBe("The last enforcement failed: disk gone.");
    expect(
      item(
        { retention: { policy: "p", scheduled: true, lastRun: { status: "finished", stopped: "The newest backup failed.", error: null } } },
        "retention",
      ).ok,
    ).toBe(false);
    expect(item({ retention: { policy: "p", scheduled: true, lastRun: null } }, "retention")).toMatchObject({
      ok: true,
      detail: "Policy p is enforced on its schedule (it has not run yet).",
    });
    expect(item({ coveringChannels: [] }, "monitoring").fix).toMatch(/Notifications page/);
    expect(item({ monitoringOn: false }, "monitoring").detail).toMatch(/Monitoring is off/);
    expect(item({ lastSampleAt: ago(2) }, "monitoring").fix).toMatch(/worker is running/);
    expect(item({ newestPassedDrill: { finishedAt: ago(1), totalMs: null } }, "recovery_time").ok).toBe(false);
  });

  it("counts storage as offsite only when a repository other than the worker-local one holds the newest backup and WAL within the RPO", () => {
    expect(item({}, "offsite").detail).toBe("The copy repository offsite holds the newest backup, and WAL up to 30 s behind the archive.");
    expect(item({ copies: [] }, "offsite")).toMatchObject({
      ok: false,
      detail: "Every backup and WAL segment is in local, a directory only on the worker's host: losing that host loses them.",
      fix: expect.stringContaining("Add a copy repository"),
    });
    expect(item({ copies: [], repository: { name: "local", kind: "posix", sameHostAsCluster: true } }, "offsite").detail).toMatch(
      /on the database's own host/,
    );
    expect(item({ copies: [], repository: { name: "bucket", kind: "s3", sameHostAsCluster: false } }, "offsite")).toMatchObject({
      ok: true,
      detail: "The primary repository bucket is object storage, off the worker's host.",
    });
    const behind = [
      { name: "offsite", holdsNewestBackup: true, walLagSeconds: 16 * 60 },
      { name: "tape", holdsNewestBackup: false, walLagSeconds: 0 },
    ];
    expect(item({ copies: behind }, "offsite")).toMatchObject({
      ok: false,
      detail: "No copy repository is current: offsite trails the archive by 16 min (RPO 15 min); tape lacks the newest backup.",
      fix: expect.stringContaining("copy jobs' errors"),
    });
  });

  it("knows the loopback names", () => {
    expect(["localhost", "127.0.0.1", "::1", "db.example.com", "10.0.0.5"].map(isLocalHost)).toEqual([true, true, true, false, false]);
  });
});
