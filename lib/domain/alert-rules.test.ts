import { describe, expect, it } from "vitest";
import { evaluateAlertRules, describeDuration, type MonitorFacts, type Observation, type RuleOutcome } from "@/lib/domain/alert-rules";

const NOW = new Date("2026-11-25T12:00:00Z");
const SEG = 16n * 1024n * 1024n;
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const seg = (n: number) => `00000001000000000000${n.toString(16).toUpperCase().padStart(4, "0")}`;

function obs(o: Partial<Observation> & { at?: number } = {}): Observation {
  const { at = 0, ...rest } = o;
  return {
    takenAt: ago(at),
    reachable: true,
    error: null,
    archiveMode: "on",
    archivedCount: 10n,
    failedCount: 0n,
    lastArchivedWal: seg(9),
    lastArchivedAt: ago(at + 5_000),
    lastFailedWal: null,
    lastFailedAt: null,
    currentLsn: 10n * SEG + 100n,
    currentSegment: seg(10),
    receiverState: null,
    slotLagBytes: null,
    archiveNewestSegment: seg(9),
    ...rest,
  };
}

function facts(f: Partial<MonitorFacts> = {}): MonitorFacts {
  return {
    now: NOW,
    walMode: "archive_command",
    hasRepository: true,
    clusterName: "billing",
    clusterCreatedAt: ago(3_600_000),
    observations: [obs({ at: 30_000 }), obs()],
    receiver: null,
    gaps: [],
    newestCompleteBackupAt: ago(3_600_000),
    newestFinishedBackup: { id: "b1", status: "complete", label: "b1", error: null },
    latestRecoverable: { time: ago(60_000), lsn: 10n * SEG },
    backupEveryHours: 24,
    rpoTargetSeconds: 3600,
    thresholds: { archiveStaleMs: 600_000, maxSegmentsBehind: 16, slotLagMaxBytes: 1024n * 1024n * 1024n },
    copies: [],
    ...f,
  };
}

const outcome = (f: MonitorFacts, rule: string): RuleOutcome => evaluateAlertRules(f).find((o) => o.rule === rule)!;
const firing = (f: MonitorFacts, rule: string) => {
  const o = outcome(f, rule);
  if (o.state !== "firing") throw new Error(`${rule} is ${o.state}, expected firing`);
  return o;
};

describe("a healthy cluster", () => {
  it("fires nothing and clears every rule", () => {
    const out = evaluateAlertRules(facts());
    expect(out.filter((o) => o.state === "firing")).toEqual([]);
    expect(out.map((o) => o.rule)).toContain("archive_failing");
  });
});

describe("archive_failing", () => {
  const failing = (at: number, count: bigint) =>
    obs({ at, failedCount: count, lastFailedWal: seg(10), lastFailedAt: ago(at + 1000), lastArchivedAt: ago(at + 60_000) });

  it("fires when failed_count rose since the previous pass, naming the WAL and PostgreSQL's failure time", () => {
    const o = firing(facts({ observations: [obs({ at: 30_000 }), failing(0, 3n)] }), "archive_failing");
    expect(o.severity).toBe("critical");
    expect(o.message).toContain(seg(10));
    expect(o.message).toContain(ago(1000).toISOString());
    expect(o.details).toMatchObject({ lastFailedWal: seg(10), failedCount: "3" });
  });

  it("keeps firing while the last failure is newer than the last success, even between PostgreSQL's retries", () => {
    expect(outcome(facts({ observations: [failing(30_000, 3n), failing(0, 3n)] }), "archive_failing").state).toBe("firing");
  });

  it("clears once a success follows the last failure", () => {
    const fixed = obs({
      failedCount: 3n,
      lastFailedWal: seg(10),
      lastFailedAt: ago(60_000),
      lastArchivedWal: seg(10),
      lastArchivedAt: ago(1000),
    });
    expect(outcome(facts({ observations: [failing(30_000, 3n), fixed] }), "archive_failing").state).toBe("clear");
  });

  it("fires on a failure that recovered within one interval (failed_count still rose)", () => {
    const blip = obs({ failedCount: 1n, lastFailedWal: seg(10), lastFailedAt: ago(20_000), lastArchivedAt: ago(1000) });
    expect(outcome(facts({ observations: [obs({ at: 30_000 }), blip] }), "archive_failing").state).toBe("firing");
  });

  it("says nothing when the server did not answer, and clears with archive_mode off", () => {
    expect(outcome(facts({ observations: [failing(30_000, 3n), obs({ reachable: false, error: "x" })] }), "archive_failing").state).toBe(
      "unknown",
    );
    expect(outcome(facts({ observations: [obs({ archiveMode: "off", failedCount: 0n })] }), "archive_failing").state).toBe("clear");
  });

  it("ignores a statistics reset (the counter going down)", () => {
    expect(
      outcome(facts({ observations: [obs({ at: 30_000, failedCount: 9n }), obs({ failedCount: 0n })] }), "archive_failing").state,
    ).toBe("clear");
  });
});

describe("archive_stale", () => {
  it("fires when a segment completed longer ago than the threshold is not in Wayback's archive, even though PostgreSQL says it archived it", () => {
    // archive_command exits 0 without storing: PostgreSQL's counters look fine, Wayback's archive stops at 5.
    const old = obs({ at: 700_000, currentSegment: seg(8), archiveNewestSegment: seg(5), lastArchivedWal: seg(7) });
    const now = obs({ currentSegment: seg(10), archiveNewestSegment: seg(5), lastArchivedWal: seg(9) });
    const o = firing(facts({ observations: [old, now] }), "archive_stale");
    expect(o.message).toContain("Wayback's archive");
    expect(o.message).toContain(seg(5));
    expect(o.message).toMatch(/exits 0 without storing/);
  });

  it("fires when the archive is more segments behind than allowed, without waiting for the time threshold", () => {
    const o = firing(facts({ observations: [obs({ currentSegment: seg(40), archiveNewestSegment: seg(20) })] }), "archive_stale");
    expect(o.details).toMatchObject({ segmentsBehind: "19" });
  });

  it("counts from the first segment it saw when nothing is archived yet", () => {
    // Seen writing 3, then (longer ago than the threshold) 5: segments 3 and 4 completed long ago.
    const first = obs({ at: 1_200_000, currentSegment: seg(3), archiveNewestSegment: null });
    const old = obs({ at: 700_000, currentSegment: seg(5), archiveNewestSegment: null });
    const f = facts({ walMode: "streaming", observations: [first, old, obs({ currentSegment: seg(7), archiveNewestSegment: null })] });
    expect(firing(f, "archive_stale").message).toContain("it holds no segment yet");
    // Younger than the threshold: the segments may be on their way.
    const recent = obs({ at: 60_000, currentSegment: seg(3), archiveNewestSegment: null });
    expect(
      outcome(
        facts({ walMode: "streaming", observations: [recent, obs({ currentSegment: seg(5), archiveNewestSegment: null })] }),
        "archive_stale",
      ).state,
    ).toBe("clear");
  });

  it("does not fire on an idle server whose archive holds everything it completed", () => {
    const idle = [obs({ at: 3_600_000 }), obs({ at: 700_000 }), obs()];
    expect(outcome(facts({ observations: idle }), "archive_stale").state).toBe("clear");
  });

  it("reads PostgreSQL's last archived file when it is a backup history file", () => {
    const old = obs({ at: 700_000, currentSegment: seg(8) });
    const cur = obs({ currentSegment: seg(10), archiveNewestSegment: seg(9), lastArchivedWal: `${seg(9)}.00000028.backup` });
    expect(outcome(facts({ observations: [old, cur] }), "archive_stale").state).toBe("clear");
  });
});

describe("receiver_down", () => {
  const streaming = (state: string, receiverStates: (string | null)[]) =>
    facts({
      walMode: "streaming",
      receiver: { state, lastError: "connection refused", slotName: "wayback_x" },
      observations: receiverStates.map((s, i) => obs({ at: (receiverStates.length - 1 - i) * 30_000, receiverState: s })),
    });

  it("fires when the receiver was down on two passes in a row, with its last error and the slot", () => {
    const o = firing(streaming("retrying", ["retrying", "retrying"]), "receiver_down");
    expect(o.message).toContain("connection refused");
    expect(o.message).toContain("wayback_x");
  });

  it("waits for a second pass (a worker handing the receiver over is not an outage)", () => {
    expect(outcome(streaming("stopped", ["streaming", "stopped"]), "receiver_down").state).toBe("unknown");
  });

  it("leaves an unreachable server to cluster_unreachable", () => {
    const f = streaming("retrying", ["retrying", "retrying"]);
    f.observations[f.observations.length - 1] = obs({ reachable: false, error: "ECONNREFUSED", receiverState: "retrying" });
    expect(outcome(f, "receiver_down").state).toBe("unknown");
  });

  it("clears when it streams again, and never applies to archive_command clusters", () => {
    expect(outcome(streaming("streaming", ["failed", "streaming"]), "receiver_down").state).toBe("clear");
    expect(outcome(facts({ receiver: { state: "failed", lastError: null, slotName: "s" } }), "receiver_down").state).toBe("clear");
  });
});

describe("slot_lag", () => {
  it("fires above the limit with the size and how to drop the slot", () => {
    const f = facts({
      walMode: "streaming",
      receiver: { state: "streaming", lastError: null, slotName: "wayback_x" },
      observations: [obs({ slotLagBytes: 2n * 1024n * 1024n * 1024n })],
    });
    const o = firing(f, "slot_lag");
    expect(o.severity).toBe("warning");
    expect(o.message).toContain("2048 MiB");
    expect(o.message).toContain("pg_drop_replication_slot('wayback_x')");
    expect(outcome({ ...f, observations: [obs({ slotLagBytes: 1000n })] }, "slot_lag").state).toBe("clear");
  });
});

describe("wal_gap", () => {
  it("names the missing segments, and clears when there is no gap", () => {
    const o = firing(facts({ gaps: [{ timeline: 1, firstSegment: seg(6), lastSegment: seg(8), missingCount: 3 }] }), "wal_gap");
    expect(o.message).toContain(`3 segments missing on timeline 1 (${seg(6)} … ${seg(8)})`);
    expect(outcome(facts(), "wal_gap").state).toBe("clear");
  });
});

describe("backup rules", () => {
  it("backup_overdue after the period plus a quarter, counting from registration when there was never a backup", () => {
    expect(outcome(facts({ newestCompleteBackupAt: ago(29 * 3_600_000) }), "backup_overdue").state).toBe("clear");
    const o = firing(facts({ newestCompleteBackupAt: ago(31 * 3_600_000) }), "backup_overdue");
    expect(o.message).toMatch(/finished 31 h ago; one is due every 24 h/);
    expect(firing(facts({ newestCompleteBackupAt: null, clusterCreatedAt: ago(40 * 3_600_000) }), "backup_overdue").message).toMatch(
      /no complete backup since it was registered/,
    );
  });

  it("backup_failed while the latest finished backup failed, with its reason", () => {
    const o = firing(facts({ newestFinishedBackup: { id: "b2", status: "failed", label: "b2", error: "disk full" } }), "backup_failed");
    expect(o.message).toContain("disk full");
  });

  it("backup_failed names the error's cause line, not the program's output after it", () => {
    const error =
      "pg_basebackup failed: backup failed: FATAL:  terminating connection due to administrator command\n90543/99701 kB (90%), 0/1 tablespace\n(exit code 1)";
    const o = firing(facts({ newestFinishedBackup: { id: "b2", status: "failed", label: "b2", error } }), "backup_failed");
    expect(o.message).toContain(
      "failed: pg_basebackup failed: backup failed: FATAL:  terminating connection due to administrator command. Fix the cause",
    );
    expect(o.message).not.toContain("kB");
    expect(o.details).toMatchObject({ error });
  });
});

describe("rpo_breached", () => {
  it("fires when the latest recoverable moment is older than the target and more than a segment of WAL was written since", () => {
    const f = facts({ latestRecoverable: { time: ago(2 * 3_600_000), lsn: 5n * SEG }, observations: [obs({ currentLsn: 10n * SEG })] });
    expect(firing(f, "rpo_breached").message).toMatch(/2 h ago \(target: 1 h\), and 80 MiB of WAL/);
  });

  it("does not fire for an idle server (little WAL since its last recoverable commit)", () => {
    const f = facts({
      latestRecoverable: { time: ago(5 * 3_600_000), lsn: 10n * SEG },
      observations: [obs({ currentLsn: 10n * SEG + 4096n })],
    });
    expect(outcome(f, "rpo_breached").state).toBe("clear");
  });

  it("with the partial segment, counts WAL past what the receiver received, beyond a small idle margin", () => {
    const partialEnd = 10n * SEG + 8192n;
    const at = (time: Date, currentLsn: bigint) =>
      outcome(
        facts({ rpoTargetSeconds: 60, latestRecoverable: { time, lsn: partialEnd, partial: true }, observations: [obs({ currentLsn })] }),
        "rpo_breached",
      );
    expect(at(ago(5 * 60_000), partialEnd + 4096n).state).toBe("clear");
    const o = at(ago(5 * 60_000), partialEnd + 1_048_576n);
    expect(o.state).toBe("firing");
    expect(o.state === "firing" && o.message).toMatch(/5 min ago \(target: 1 min\), and 1 MiB of WAL/);
    expect(at(ago(30_000), partialEnd + 1_048_576n).state).toBe("clear");
  });

  it("fires when backups exist but no moment can be recovered; leaves a cluster without backups to backup_overdue", () => {
    expect(outcome(facts({ latestRecoverable: null }), "rpo_breached").state).toBe("firing");
    expect(outcome(facts({ latestRecoverable: null, newestCompleteBackupAt: null }), "rpo_breached").state).toBe("clear");
  });
});

describe("cluster_unreachable", () => {
  it("fires with the connection error and clears when the server answers", () => {
    const o = firing(facts({ observations: [obs({ reachable: false, error: "ECONNREFUSED" })] }), "cluster_unreachable");
    expect(o.message).toContain("ECONNREFUSED");
    expect(outcome(facts(), "cluster_unreachable").state).toBe("clear");
  });
});

describe("copy_lag", () => {
  it("fires for the copy repository furthest behind, by time or by segments, naming it and the fix", () => {
    const copies = [
      { name: "offsite", walLagSegments: 3, walLagSeconds: 900 },
      { name: "tape", walLagSegments: 2, walLagSeconds: 1200 },
    ];
    const f = firing(facts({ copies }), "copy_lag");
    expect(f.message).toMatch(/not reaching the copy repository tape: 2 archived segment\(s\) wait, the oldest for 20 min\./);
    expect(f.message).toMatch(/copy jobs' errors/);
    expect(f.details).toEqual({ repository: "tape", segmentsBehind: 2, secondsBehind: 1200 });
    expect(outcome(facts({ copies: [{ name: "offsite", walLagSegments: 17, walLagSeconds: 5 }] }), "copy_lag").state).toBe("firing");
  });

  it("is clear while every copy repository keeps up, and with none", () => {
    expect(outcome(facts({ copies: [{ name: "offsite", walLagSegments: 16, walLagSeconds: 600 }] }), "copy_lag").state).toBe("clear");
    expect(outcome(facts(), "copy_lag").state).toBe("clear");
  });
});

describe("describeDuration", () => {
  it("reads naturally", () => {
    expect([40_000, 12 * 60_000, 3 * 3_600_000 + 5 * 60_000, 5 * 86_400_000].map(describeDuration)).toEqual([
      "40 s",
      "12 min",
      "3 h 5 min",
      "5 days",
    ]);
  });
});

describe("sync_receiver_down", () => {
  const sync = (state: string, over: Partial<MonitorFacts> = {}) =>
    outcome(
      facts({
        walMode: "streaming",
        synchronousReceive: true,
        receiver: { state, lastError: "connection refused", slotName: "s" },
        ...over,
      }),
      "sync_receiver_down",
    );

  it("fires at once when a synchronous receiver is down, naming the synchronous_standby_names entry", () => {
    const o = sync("retrying");
    expect(o.state).toBe("firing");
    expect(o.state === "firing" && o.message).toContain('names "wayback-receiver", every commit waits');
  });

  it("is clear while it streams, and for a receiver that is not synchronous", () => {
    expect(sync("streaming").state).toBe("clear");
    expect(sync("failed", { synchronousReceive: false }).state).toBe("clear");
  });
});

describe("archive_failing for a streaming receiver that cannot store WAL", () => {
  const streaming = (state: string, over: Partial<MonitorFacts> = {}) =>
    outcome(
      facts({
        walMode: "streaming",
        observations: [obs({ at: 30_000, archiveMode: "off" }), obs({ archiveMode: "off" })],
        receiver: { state, lastError: "Could not store 000000010000000000000009 in repository main: ENOTDIR.", slotName: "s" },
        ...over,
      }),
      "archive_failing",
    );

  it("fires at once on store_failing with the receiver's error, also while the server does not answer", () => {
    const o = streaming("store_failing");
    expect(o.state).toBe("firing");
    expect(o.state === "firing" && o.message).toContain("cannot store WAL in the repository: Could not store 000000010000000000000009");
    expect(o.state === "firing" && o.message).toContain("resolves when storing works again");
    const unreachable = streaming("store_failing", { observations: [obs({ reachable: false, archiveMode: null })] });
    expect(unreachable.state).toBe("firing");
  });

  it("clears once the receiver streams again", () => {
    expect(streaming("streaming").state).toBe("clear");
  });
});

describe("rpo_breached with failed partial segment uploads", () => {
  it("says the partial upload fails, with its last error and time", () => {
    const partialEnd = 10n * SEG + 8192n;
    const f = facts({
      walMode: "streaming",
      rpoTargetSeconds: 60,
      latestRecoverable: { time: ago(5 * 60_000), lsn: partialEnd, partial: true },
      observations: [obs({ currentLsn: partialEnd + 1_048_576n })],
      receiver: {
        state: "streaming",
        lastError: null,
        slotName: "s",
        partialError: "EACCES: permission denied",
        partialFailedAt: ago(2_000),
      },
    });
    const o = firing(f, "rpo_breached");
    expect(o.message).toContain(`Uploading the partial segment fails (last at ${ago(2_000).toISOString()}: EACCES: permission denied).`);
    expect(o.details).toMatchObject({ partialError: "EACCES: permission denied" });
  });
});
