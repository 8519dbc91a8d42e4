import { describe, expect, it } from "vitest";
import { backupPrefix, clusterPrefix, dumpPrefix, historyKey, parseWalKey, walKey, walPrefix } from "@/lib/storage/layout";
import { InvalidKeyError, validateKey, validatePrefix } from "@/lib/storage/repository";

describe("validateKey", () => {
  it.each(["a", "a/b", "c1/wal/0000000100000000/000000010000000000000001.gz", ".hidden/x", "a b/é"])("accepts %j", (key) => {
    expect(validateKey(key)).toBe(key);
  });

  it.each([
    ["", /empty/],
    ["/abs", /relative/],
    ["../x", /"\.\."/],
    ["a/../b", /"\.\."/],
    ["a/./b", /"\."/],
    ["a//b", /empty segments/],
    ["a/", /empty segments/],
    ["a\\b", /backslash/],
    ["a\0b", /NUL/],
    [".tmp-123", /reserved/],
    ["a/.tmp-x", /reserved/],
    [".wayback-staging/x", /reserved/],
    ["x".repeat(256), /at most 255/],
    [`${"x/".repeat(600)}x`, /at most 1024/],
  ])("refuses %j", (key, reason) => {
    expect(() => validateKey(key)).toThrow(InvalidKeyError);
    expect(() => validateKey(key)).toThrow(reason);
  });

  it("accepts the reserved staging name below the top level", () => {
    expect(validateKey("c1/.wayback-staging")).toBe("c1/.wayback-staging");
  });
});

describe("validatePrefix", () => {
  it.each(["", "a", "a/", "a/b", "a/b/"])("accepts %j", (prefix) => {
    expect(validatePrefix(prefix)).toBe(prefix);
  });

  it.each(["/", "/a/", "a//", "../", "a/../"])("refuses %j", (prefix) => {
    expect(() => validatePrefix(prefix)).toThrow(InvalidKeyError);
  });
});

describe("key builders", () => {
  it("builds backup, dump, cluster and WAL prefixes", () => {
    expect(clusterPrefix("c1")).toBe("c1/");
    expect(backupPrefix("c1", "b20250101")).toBe("c1/backup/b20250101/");
    expect(dumpPrefix("c1", "d7")).toBe("c1/dump/d7/");
    expect(walPrefix("c1")).toBe("c1/wal/");
  });

  it.each([
    [() => backupPrefix("c1/x", "b"), /must not contain '\/'/],
    [() => backupPrefix("c1", "../b"), /must not contain '\/'/],
    [() => backupPrefix("..", "b"), /"\.\."/],
    [() => dumpPrefix("c1", ""), /empty/],
    [() => clusterPrefix(".tmp-x"), /reserved/],
  ])("refuses unsafe ids (%#)", (build, reason) => {
    expect(build).toThrow(InvalidKeyError);
    expect(build).toThrow(reason);
  });

  it("files a WAL segment under its timeline + log id folder", () => {
    expect(walKey("c1", "000000010000000A000000FF")).toBe("c1/wal/000000010000000A/000000010000000A000000FF");
    expect(walKey("c1", "000000020000000000000003", "zst")).toBe("c1/wal/0000000200000000/000000020000000000000003.zst");
  });

  it("files .partial segments and .backup labels like segments", () => {
    expect(walKey("c1", "000000010000000000000005.partial", "gz")).toBe("c1/wal/0000000100000000/000000010000000000000005.partial.gz");
    expect(walKey("c1", "000000010000000000000002.00000028.backup")).toBe(
      "c1/wal/0000000100000000/000000010000000000000002.00000028.backup",
    );
  });

  it.each([
    ["00000001000000000000000", undefined], // 23 digits
    ["0000000100000000000000001", undefined], // 25 digits
    ["000000010000000a000000ff", undefined], // lower case: PostgreSQL writes upper case
    ["../0000000100000000000000", undefined],
    ["00000002.history", undefined],
    ["000000010000000000000001", "GZ"],
    ["000000010000000000000001", "g/z"],
    ["000000010000000000000001", "partial"],
    ["000000010000000000000001", ""],
  ])("refuses WAL name %j with compression %j", (name, compression) => {
    expect(() => walKey("c1", name, compression)).toThrow(InvalidKeyError);
  });

  it("puts history files next to the per-log folders", () => {
    expect(historyKey("c1", "00000002.history")).toBe("c1/wal/00000002.history");
    expect(() => historyKey("c1", "2.history")).toThrow(InvalidKeyError);
    expect(() => historyKey("c1", "000000010000000000000001")).toThrow(InvalidKeyError);
  });
});

describe("parseWalKey", () => {
  it.each([
    ["000000010000000A000000FF", undefined],
    ["000000010000000A000000FF", "gz"],
    ["000000030000001200000000.partial", "lz4"],
    ["000000010000000000000002.00000028.backup", undefined],
  ])("inverts walKey for %j (%j)", (name, compression) => {
    expect(parseWalKey(walKey("cluster-7", name, compression))).toEqual({
      clusterId: "cluster-7",
      segmentName: name,
      compression: compression ?? null,
    });
  });

  it.each([
    "c1/wal/00000002.history",
    "c1/backup/b1/base.tar",
    "c1/wal/0000000100000001/000000010000000000000001", // wrong folder
    "c1/wal/000000010000000000000001", // missing folder
    "c1/wal/0000000100000000/000000010000000000000001.partial.gz.x",
    "c1/wal/0000000100000000/000000010000000000000001.partial.",
    "c1/x/wal/0000000100000000/000000010000000000000001",
  ])("returns null for %j", (key) => {
    expect(parseWalKey(key)).toBeNull();
  });
});
