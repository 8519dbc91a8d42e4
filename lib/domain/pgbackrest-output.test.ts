import { describe, expect, it } from "vitest";
import { newBackupLabel, pgBackRestPercent } from "@/lib/domain/pgbackrest-output";

// Lines captured from pgBackRest 2.45 with --log-level-console=detail.
describe("pgBackRest console lines", () => {
  it("reads the share done from backup and restore file lines", () => {
    expect(
      pgBackRestPercent(
        "2026-12-02 16:29:14.064 P01 DETAIL: backup file /tmp/h8fx/data/base/5/16396 (12.8MB, 85.12%) checksum 6ce650c9d8f73b3ac831489321c70098a7b3856f",
      ),
    ).toBe(85.12);
    expect(pgBackRestPercent("P02 DETAIL: restore file /srv/copy/global/pg_control (8KB, 100.00%) checksum 1f2e")).toBe(100);
    expect(pgBackRestPercent("P00   INFO: backup start archive = 000000010000000000000009, lsn = 0/9000028")).toBeNull();
  });

  it("reads the new set's label", () => {
    expect(newBackupLabel("2026-12-02 16:28:57.796 P00   INFO: new backup label = 20261202-161728F_20261202-162851I")).toBe(
      "20261202-161728F_20261202-162851I",
    );
    expect(newBackupLabel("P00   INFO: last backup label = 20261202-161728F_20261202-161743D, version = 2.45")).toBeNull();
  });
});
