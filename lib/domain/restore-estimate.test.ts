import { describe, expect, it } from "vitest";
import { ASSUMED_FIXED_SECONDS, estimateRestoreSeconds, median, type HostMeasurements } from "@/lib/domain/restore-estimate";

const noHost: HostMeasurements = { backups: [], restores: [] };

describe("estimateRestoreSeconds", () => {
  it("with nothing measured anywhere: assumed rates and fixed cost, said so", () => {
    const e = estimateRestoreSeconds({ storedBytes: 1e9, databaseBytes: 2e9, walBytes: 500_000_000n, history: [], host: noHost });
    expect(e.seconds).toBe(20 + ASSUMED_FIXED_SECONDS); // 2 GB at 200 MB/s + 0.5 GB at 50 MB/s + fixed
    expect(e.basis).toBe("rough");
    expect(e.detail).toBe(
      "rough figure: base restore at an assumed 200 MB/s (never measured), WAL replay at an assumed 50.0 MB/s (never measured), an assumed 10 s to start, recover and check the copy (no restore measured yet)",
    );
  });

  it("a first restore of a small cluster: the host's measured verify speed and restore fixed cost, not 2 s of constants", () => {
    // The demo case: 30 MB; this host verified backups at ~10 MB/s and its restores spent ~15 s on fixed work.
    const host: HostMeasurements = {
      backups: [
        { databaseBytes: 30e6, copyMs: 1_000, verifyMs: 3_000 },
        { databaseBytes: 30e6, copyMs: 1_200, verifyMs: 2_500 },
        { databaseBytes: 31e6, copyMs: 900, verifyMs: 3_100 },
      ],
      restores: [
        { totalMs: 18_000, baseMs: 2_000, replayMs: 1_000, walBytes: 16e6 },
        { totalMs: 17_000, baseMs: 1_500, replayMs: 500, walBytes: 16e6 },
      ],
    };
    const e = estimateRestoreSeconds({ storedBytes: 5e6, databaseBytes: 30e6, walBytes: 16_000_000n, history: [], host });
    // 30 MB at the median verify speed (10.0 MB/s) + 16 MB at the median replay (24 MB/s) + 15 s fixed.
    expect(e.seconds).toBe(Math.ceil(3 + 16 / 24 + 15));
    expect(e.basis).toBe("measured");
    expect(e.detail).toContain("as fast as this installation verified its last 3 backups");
    expect(e.detail).toContain("median of this installation's last 2 restores");
    expect(e.detail).toContain("15 s to start, recover and check the copy");
  });

  it("this cluster's own restores come before the host's backups", () => {
    const e = estimateRestoreSeconds({
      storedBytes: 1e9,
      databaseBytes: 4e9,
      walBytes: 1_000_000_000n,
      history: [
        { databaseBytes: 1e9, baseSeconds: 10, walBytes: 1e8, replaySeconds: 10 }, // 100 MB/s, 10 MB/s
        { databaseBytes: 3e9, baseSeconds: 10, walBytes: 4e8, replaySeconds: 10 }, // 300 MB/s, 40 MB/s
        { databaseBytes: 2e9, baseSeconds: 10, walBytes: 2e8, replaySeconds: 10 }, // 200 MB/s, 20 MB/s
      ],
      host: {
        backups: [{ databaseBytes: 1e9, copyMs: 1, verifyMs: 1 }],
        restores: [{ totalMs: 40_000, baseMs: 10_000, replayMs: 10_000, walBytes: 1e8 }],
      },
    });
    expect(e).toEqual({
      seconds: 90, // 4 GB at 200 MB/s + 1 GB at 20 MB/s + 20 s fixed
      basis: "measured",
      detail:
        "base restore at 200 MB/s (median of 3 earlier restores of this cluster), WAL replay at 20.0 MB/s (median of 3 earlier restores of this cluster), 20 s to start, recover and check the copy (median of this installation's last 1 restore)",
    });
  });

  it("falls back from verify to copy speed, ignores unusable samples, and leaves replay out when there is none", () => {
    const e = estimateRestoreSeconds({
      storedBytes: 0,
      databaseBytes: 3e9,
      walBytes: 0n,
      history: [{ databaseBytes: 5e9, baseSeconds: 0, walBytes: 0, replaySeconds: 0 }],
      host: {
        backups: [
          { databaseBytes: 1e9, copyMs: 10_000, verifyMs: null },
          { databaseBytes: 2e9, copyMs: 10_000, verifyMs: 0 },
        ],
        restores: [],
      },
    });
    expect(e.seconds).toBe(20 + ASSUMED_FIXED_SECONDS); // 3 GB at 150 MB/s (median copy speed)
    expect(e.basis).toBe("rough");
    expect(e.detail).toBe(
      "rough figure: base restore at 150 MB/s (as fast as this installation copied its last 2 backups), an assumed 10 s to start, recover and check the copy (no restore measured yet)",
    );
  });

  it("uses the stored size when the database size is unknown", () => {
    expect(estimateRestoreSeconds({ storedBytes: 400_000_000, databaseBytes: 0, walBytes: 0n, history: [], host: noHost }).seconds).toBe(
      2 + ASSUMED_FIXED_SECONDS,
    );
  });

  it("median: middle value, or the mean of the middle two", () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
