import { describe, expect, it } from "vitest";
import { pgBackRestBaseArgs, pgBackRestRestoreArgs } from "@/lib/domain/pgbackrest-restore-args";

const copy = { setLabel: null, dataDir: "/srv/copies/a", inPlace: false };

describe("pgBackRestRestoreArgs", () => {
  it("restores a new copy to a time that never archives into the stanza", () => {
    expect(pgBackRestRestoreArgs({ ...copy, target: { kind: "time", time: "2026-12-02T16:00:00.250Z", inclusive: true } })).toEqual([
      "--type=time",
      // PostgreSQL reads recovery_target_time before it knows "Z": a numeric offset.
      "--target=2026-12-02 16:00:00.250+00:00",
      "--target-action=promote",
      "--pg1-path=/srv/copies/a",
      "--archive-mode=off",
    ]);
  });

  it("maps every target kind, exclusive ones too", () => {
    const args = (target: Parameters<typeof pgBackRestRestoreArgs>[0]["target"]) => pgBackRestRestoreArgs({ ...copy, target }).slice(0, -2);
    expect(args({ kind: "name", name: "before-migration" })).toEqual([
      "--type=name",
      "--target=before-migration",
      "--target-action=promote",
    ]);
    expect(args({ kind: "lsn", lsn: "0/5000100", inclusive: false })).toEqual([
      "--type=lsn",
      "--target=0/5000100",
      "--target-exclusive",
      "--target-action=promote",
    ]);
    expect(args({ kind: "xid", xid: "741", inclusive: true })).toEqual(["--type=xid", "--target=741", "--target-action=promote"]);
    expect(args({ kind: "latest" })).toEqual(["--type=default"]);
    expect(args({ kind: "immediate", backupId: "00000000-0000-4000-8000-000000000000" })).toEqual([
      "--type=immediate",
      "--target-action=promote",
    ]);
  });

  it("restores in place with --delta from the planner's set", () => {
    expect(
      pgBackRestRestoreArgs({
        target: { kind: "latest" },
        setLabel: "20261202-161728F_20261202-161738I",
        dataDir: "/srv/pg",
        inPlace: true,
      }),
    ).toEqual(["--type=default", "--pg1-path=/srv/pg", "--set=20261202-161728F_20261202-161738I", "--delta"]);
  });
});

describe("pgBackRestBaseArgs", () => {
  it("restores the set's files only, over the cluster's own directory with --delta", () => {
    expect(pgBackRestBaseArgs({ setLabel: "20261202-161728F", dataDir: "/copy", inPlace: false })).toEqual([
      "--type=none",
      "--pg1-path=/copy",
      "--set=20261202-161728F",
    ]);
    expect(pgBackRestBaseArgs({ setLabel: "20261202-161728F", dataDir: "/srv/pg", inPlace: true })).toContain("--delta");
  });
});
