import { describe, expect, it } from "vitest";
import { parseBaseBackupLine } from "@/lib/domain/basebackup-output";

describe("pg_basebackup output", () => {
  it("reads progress in bytes", () => {
    expect(parseBaseBackupLine("   31203/1562345 kB (1%), 0/1 tablespace")).toEqual({
      kind: "progress",
      doneBytes: 31203 * 1024,
      totalBytes: 1562345 * 1024,
    });
    expect(parseBaseBackupLine("1562345/1562345 kB (100%), 1/1 tablespace")).toMatchObject({ doneBytes: 1562345 * 1024 });
  });

  it("reads the WAL start point and timeline, and the end point", () => {
    expect(parseBaseBackupLine("pg_basebackup: write-ahead log start point: 0/2000028 on timeline 1")).toEqual({
      kind: "start",
      lsn: "0/2000028",
      timeline: 1,
    });
    expect(parseBaseBackupLine("pg_basebackup: write-ahead log end point: 1A/FF000100")).toEqual({ kind: "end", lsn: "1A/FF000100" });
  });

  it("ignores everything else", () => {
    expect(parseBaseBackupLine("pg_basebackup: initiating base backup, waiting for checkpoint to complete")).toBeNull();
    expect(parseBaseBackupLine("pg_basebackup: syncing data to disk ...")).toBeNull();
    expect(parseBaseBackupLine("")).toBeNull();
  });
});
