// The module under test is pure; the test itself reads the captured manifests and hashes bytes.
/* eslint-disable no-restricted-imports */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
/* eslint-enable no-restricted-imports */
import { describe, expect, it } from "vitest";
import {
  checksumToCompute,
  compareWithManifest,
  displayPath,
  formatFindings,
  isIgnoredPath,
  ManifestError,
  manifestChecksumCoverage,
  memberKey,
  parseBackupManifest,
  pathKeyFromBytes,
  verifiedSummary,
  type BackupManifest,
  type Finding,
  type TarMember,
} from "@/lib/domain/backup-manifest";

// Real manifests from PostgreSQL 15's pg_basebackup --format=tar --manifest-checksums=…: a
// cluster with a tablespace (oid 16384, one table) and a file named "odd\xffname" in the data
// directory, which is not UTF-8 and so is listed by Encoded-Path.
const fixture = (name: string) => new Uint8Array(gunzipSync(readFileSync(path.join(import.meta.dirname, "testdata", name))));
const CRC32C_MANIFEST = fixture("pg15-crc32c-tablespace.backup_manifest.gz");
const SHA256_MANIFEST = fixture("pg15-sha256.backup_manifest.gz");

const sha256Hex = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
const parse = (bytes: Uint8Array) => parseBackupManifest(bytes, sha256Hex);
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("utf8");
const bytesOf = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));

/** The manifest with its body edited and the checksum recomputed, as PostgreSQL would write it. */
function resigned(bytes: Uint8Array, edit: (body: string) => string): Uint8Array {
  const all = text(bytes);
  const lastLine = all.lastIndexOf("\n", all.length - 2) + 1;
  const body = edit(all.slice(0, lastLine));
  return bytesOf(`${body}"Manifest-Checksum": "${sha256Hex(bytesOf(body))}"}\n`);
}

function parseError(bytes: Uint8Array): string {
  try {
    parse(bytes);
  } catch (err) {
    expect(err).toBeInstanceOf(ManifestError);
    return (err as Error).message;
  }
  throw new Error("expected the manifest to be refused");
}

/** Tar members exactly as the manifest describes them (what an intact backup holds). */
function membersOf(manifest: BackupManifest): TarMember[] {
  return [...manifest.files.values()].map((f) => ({
    key: f.key,
    archive: f.key.startsWith("pg_tblspc/") ? "16384.tar.zst" : "base.tar.zst",
    type: "file" as const,
    size: f.size,
    checksum: f.checksum ?? undefined,
  }));
}

describe("parseBackupManifest on real manifests", () => {
  it("reads files, tablespace paths, an Encoded-Path and the WAL range (CRC32C)", () => {
    const m = parse(CRC32C_MANIFEST);
    expect(m.version).toBe(1);
    expect(m.files.size).toBe(968);
    expect(m.files.get("PG_VERSION")).toEqual({
      key: "PG_VERSION",
      path: "PG_VERSION",
      size: 3,
      lastModified: "2026-11-25 00:21:17 GMT",
      algorithm: "CRC32C",
      checksum: "8a744722", // CRC-32C of "15\n" is 0x2247748a, written as its little-endian bytes
    });
    expect(m.files.get("pg_tblspc/16384/PG_15_202209061/5/16385")).toMatchObject({ size: 40960, checksum: "d5e7ac5e" });
    const odd = pathKeyFromBytes(new Uint8Array([...Buffer.from("odd"), 0xff, ...Buffer.from("name")]));
    expect(m.files.get(odd)).toMatchObject({ size: 0, path: "odd\uFFFDname" });
    expect(m.walRanges).toEqual([{ timeline: 1, startLsn: 0x2000028n, endLsn: 0x2000100n }]);
    expect(m.manifestChecksum).toBe("9390a6f968966ff08cf96cf14ec4c86159a7c48036c32be7d0c5ec3fb4516548");
  });

  it("reads a SHA256 manifest", () => {
    const m = parse(SHA256_MANIFEST);
    expect(m.files.size).toBe(968);
    expect(m.files.get("PG_VERSION")).toMatchObject({ algorithm: "SHA256", checksum: sha256Hex(bytesOf("15\n")) });
    expect(m.walRanges).toEqual([{ timeline: 1, startLsn: 0x3000028n, endLsn: 0x3000100n }]);
  });

  it('checksums everything but the last line, i.e. up to the newline before "Manifest-Checksum"', () => {
    for (const bytes of [CRC32C_MANIFEST, SHA256_MANIFEST]) {
      const all = text(bytes);
      const covered = manifestChecksumCoverage(bytes);
      expect(all.slice(covered).startsWith('"Manifest-Checksum": "')).toBe(true);
      expect(all[covered - 1]).toBe("\n");
      expect(all.slice(covered, -1)).not.toContain("\n");
    }
  });
});

describe("parseBackupManifest refuses", () => {
  it("a flipped byte anywhere in the checksummed part", () => {
    const bytes = CRC32C_MANIFEST.slice();
    const at = text(bytes).indexOf('"Size": 40960') + 9; // "40960" → "50960"
    bytes[at] = "5".charCodeAt(0);
    expect(parseError(bytes)).toMatch(
      /^manifest checksum mismatch \(Manifest-Checksum 9390a6f9.*, SHA-256 of the manifest [0-9a-f]{64}\)$/,
    );
  });

  it("a wrong, malformed or missing Manifest-Checksum", () => {
    const all = text(CRC32C_MANIFEST);
    expect(parseError(bytesOf(all.replace("9390a6f9", "0390a6f9")))).toMatch(/^manifest checksum mismatch/);
    expect(parseError(bytesOf(all.replace("9390a6f9", "9390a6f")))).toMatch(/^invalid manifest checksum: "9390a6f/);
    expect(parseError(bytesOf(`{ "PostgreSQL-Backup-Manifest-Version": 1, "Manifest-Checksum": "${"0".repeat(64)}"}\n`))).toMatch(
      /expected at least 2 lines/,
    );
    const noChecksum = all.slice(0, all.lastIndexOf("\n", all.length - 2) - 1) + "\n}\n"; // drop the trailing comma and last line
    expect(parseError(bytesOf(noChecksum))).toBe("manifest has no checksum");
  });

  it("a manifest without its final newline, or not JSON", () => {
    expect(parseError(CRC32C_MANIFEST.subarray(0, CRC32C_MANIFEST.length - 1))).toMatch(/last line not newline-terminated/);
    expect(parseError(CRC32C_MANIFEST.subarray(0, 5000))).toMatch(/^could not parse backup manifest: parsing failed/);
    expect(parseError(bytesOf('{ "PostgreSQL-Backup-Manifest-Version": 1,\n"Files": [\xff]\n}\n'))).toMatch(/parsing failed/);
  });

  it("other versions, fields out of place and unknown fields", () => {
    expect(
      parseError(
        resigned(CRC32C_MANIFEST, (b) => b.replace('"PostgreSQL-Backup-Manifest-Version": 1', '"PostgreSQL-Backup-Manifest-Version": 2')),
      ),
    ).toMatch(/unexpected manifest version 2/);
    expect(
      parseError(
        resigned(CRC32C_MANIFEST, (b) =>
          b.replace('{ "PostgreSQL-Backup-Manifest-Version": 1,\n', '{ "Files": [],\n"PostgreSQL-Backup-Manifest-Version": 1,\n'),
        ),
      ),
    ).toMatch(/expected version indicator/);
    expect(parseError(resigned(CRC32C_MANIFEST, (b) => b.replace('"WAL-Ranges"', '"Extra": 1,\n"WAL-Ranges"')))).toMatch(
      /unrecognized top-level field "Extra"/,
    );
    expect(parseError(resigned(CRC32C_MANIFEST, (b) => b.replace('"Path": "PG_VERSION",', '"Path": "PG_VERSION", "Mode": 384,')))).toMatch(
      /unexpected file field "Mode"/,
    );
    expect(parseError(resigned(CRC32C_MANIFEST, (b) => b.replace('"Timeline": 1,', '"Timeline": 1, "Segment": 2,')))).toMatch(
      /unexpected WAL range field "Segment"/,
    );
  });

  it("file entries pg_verifybackup would refuse", () => {
    const cases: [string, string, RegExp][] = [
      ['"Path": "PG_VERSION", "Size": 3,', '"Path": "PG_VERSION",', /missing size/],
      ['"Path": "PG_VERSION", "Size": 3,', '"Path": "PG_VERSION", "Size": "3x",', /file size is not an integer/],
      ['"Path": "PG_VERSION",', '"Encoded-Path": "50475",', /could not decode file name/],
      ['"Path": "PG_VERSION",', '"Path": "PG_VERSION", "Encoded-Path": "41",', /both path name and encoded path name/],
      ['"Path": "PG_VERSION",', "", /missing path name/],
      [
        '"Path": "PG_VERSION", "Size": 3, "Last-Modified": "2026-11-25 00:21:17 GMT", "Checksum-Algorithm": "CRC32C",',
        '"Path": "PG_VERSION", "Size": 3, "Last-Modified": "2026-11-25 00:21:17 GMT",',
        /checksum without algorithm/,
      ],
      ['"Checksum": "8a744722"', '"Checksum": "8a74472z"', /invalid checksum for file "PG_VERSION": "8a74472z"/],
      [
        '"Path": "PG_VERSION", "Size": 3, "Last-Modified": "2026-11-25 00:21:17 GMT", "Checksum-Algorithm": "CRC32C"',
        '"Path": "PG_VERSION", "Size": 3, "Last-Modified": "2026-11-25 00:21:17 GMT", "Checksum-Algorithm": "MD5"',
        /unrecognized checksum algorithm: "MD5"/,
      ],
      ['"Path": "PG_VERSION",', '"Path": "backup_label",', /duplicate path name in backup manifest: "backup_label"/],
      ['"Start-LSN": "0/2000028"', '"Start-LSN": "0-2000028"', /could not parse start LSN/],
      ['"Timeline": 1, ', "", /missing timeline/],
    ];
    for (const [from, to, expected] of cases) {
      expect(parseError(resigned(CRC32C_MANIFEST, (b) => b.replace(from, to)))).toMatch(expected);
    }
  });

  it("accepts what PostgreSQL accepts: algorithm in any case, NONE, an empty checksum", () => {
    const m = parse(
      resigned(CRC32C_MANIFEST, (b) =>
        b
          .replace(
            '"Path": "PG_VERSION", "Size": 3, "Last-Modified": "2026-11-25 00:21:17 GMT", "Checksum-Algorithm": "CRC32C"',
            '"Path": "PG_VERSION", "Size": 3, "Last-Modified": "2026-11-25 00:21:17 GMT", "Checksum-Algorithm": "crc32c"',
          )
          .replace(
            '"Path": "backup_label", "Size": 202, "Last-Modified": "2026-11-25 00:21:18 GMT", "Checksum-Algorithm": "CRC32C", "Checksum": "0efb8df7"',
            '"Path": "backup_label", "Size": 202, "Checksum-Algorithm": "NONE"',
          )
          .replace('"Path": "tablespace_map", "Size": 20,', '"Encoded-Path": "7461626c657370616365", "Size": 20,'),
      ),
    );
    expect(m.files.get("PG_VERSION")).toMatchObject({ algorithm: "CRC32C", checksum: "8a744722" });
    expect(m.files.get("backup_label")).toMatchObject({ algorithm: null, checksum: null, lastModified: null });
    expect(m.files.get("tablespace")).toMatchObject({ size: 20 });
  });
});

describe("compareWithManifest", () => {
  const manifest = parse(CRC32C_MANIFEST);
  const kinds = (findings: Finding[]) => findings.map((f) => f.kind);

  it("finds nothing wrong with a backup that holds exactly the manifest's files", () => {
    const members: TarMember[] = [
      ...membersOf(manifest),
      { key: "base", archive: "base.tar.zst", type: "directory", size: 0 },
      { key: "pg_tblspc/16384", archive: "base.tar.zst", type: "symlink", size: 0 },
    ];
    expect(compareWithManifest(manifest, members)).toEqual([]);
  });

  it("reports extra, missing, size and checksum problems in pg_verifybackup's order", () => {
    const members = membersOf(manifest)
      .filter((m) => m.key !== "global/pg_control")
      .map((m) =>
        m.key === "PG_VERSION"
          ? { ...m, checksum: "00000000" }
          : m.key === "base/1/1259"
            ? { ...m, size: m.size + 1, checksum: "ffffffff" }
            : m,
      );
    members.push({ key: "base/1/99999", archive: "base.tar.zst", type: "file", size: 8192 });
    const findings = compareWithManifest(manifest, members);
    expect(kinds(findings)).toEqual(["size", "extra", "missing", "checksum"]);
    expect(findings.map((f) => f.message)).toEqual([
      `"base/1/1259" has size ${manifest.files.get("base/1/1259")!.size + 1} in base.tar.zst but size ${manifest.files.get("base/1/1259")!.size} in the manifest`,
      '"base/1/99999" is present in base.tar.zst but not in the manifest',
      '"global/pg_control" is present in the manifest but missing from the backup',
      'checksum mismatch for file "PG_VERSION" (CRC32C 00000000 in base.tar.zst, 8a744722 in the manifest)',
    ]);
    expect(findings.map((f) => f.path)).toEqual(["base/1/1259", "base/1/99999", "global/pg_control", "PG_VERSION"]);
  });

  it("ignores what pg_verifybackup ignores, on both sides", () => {
    const members = membersOf(manifest).filter((m) => m.key !== "postgresql.auto.conf");
    members.push(
      { key: "pg_wal/000000010000000000000002", archive: "base.tar.zst", type: "file", size: 16 << 20 },
      { key: "standby.signal", archive: "base.tar.zst", type: "file", size: 0 },
      { key: "recovery.signal", archive: "base.tar.zst", type: "file", size: 0 },
      { key: "backup_manifest", archive: "base.tar.zst", type: "file", size: 10 },
    );
    expect(compareWithManifest(manifest, members)).toEqual([]);
    expect(checksumToCompute(manifest, "postgresql.auto.conf")).toBeNull();
    expect(checksumToCompute(manifest, "PG_VERSION")).toBe("CRC32C");
    expect(checksumToCompute(manifest, "not/in/manifest")).toBeNull();
  });

  it("reports members that are neither files nor directories, and duplicates", () => {
    const members = membersOf(manifest);
    members.push({ key: "base/1/fifo", archive: "base.tar.zst", type: "other", size: 0 }, { ...members[0]!, archive: "other.tar" });
    const findings = compareWithManifest(manifest, members);
    expect(findings.map((f) => f.message)).toEqual([
      '"base/1/fifo" in base.tar.zst is not a file or directory',
      `"${members[0]!.key}" appears more than once (16384.tar.zst, other.tar)`,
    ]);
  });

  it("shows undecodable names with U+FFFD", () => {
    const odd = pathKeyFromBytes(new Uint8Array([...Buffer.from("odd"), 0xff, ...Buffer.from("name")]));
    const findings = compareWithManifest(
      manifest,
      membersOf(manifest).filter((m) => m.key !== odd),
    );
    expect(findings).toEqual([
      { kind: "missing", path: "odd\uFFFDname", message: '"odd\uFFFDname" is present in the manifest but missing from the backup' },
    ]);
  });
});

describe("paths", () => {
  it("maps tar member names to manifest paths", () => {
    expect(memberKey("base/1/1259", null)).toBe("base/1/1259");
    expect(memberKey("./pg_wal/archive_status/", null)).toBe("pg_wal/archive_status");
    expect(memberKey("PG_15_202209061/5/16385", "16384")).toBe("pg_tblspc/16384/PG_15_202209061/5/16385");
  });

  it("ignores a listed path and what lies under it, not names that merely start alike", () => {
    expect(isIgnoredPath("pg_wal")).toBe(true);
    expect(isIgnoredPath("pg_wal/archive_status/x.done")).toBe(true);
    expect(isIgnoredPath("pg_wal2")).toBe(false);
    expect(isIgnoredPath("base/1/backup_manifest")).toBe(false);
  });

  it("round-trips bytes through path keys", () => {
    expect(displayPath(pathKeyFromBytes(bytesOf("base/1/ä")))).toBe("base/1/ä");
  });
});

describe("messages", () => {
  it("lists at most 20 findings", () => {
    const findings: Finding[] = Array.from({ length: 23 }, (_, i) => ({ kind: "missing", message: `m${i}` }));
    const lines = formatFindings(findings).split("\n");
    expect(lines[0]).toBe("backup verification failed: 23 problems");
    expect(lines).toHaveLength(22);
    expect(lines.at(-1)).toBe("… and 3 more");
    expect(formatFindings([{ kind: "wal", message: "x" }])).toBe("backup verification failed: 1 problem\nx");
  });

  it("summarizes a verified backup like pg_verifybackup, with counts", () => {
    expect(verifiedSummary(parse(CRC32C_MANIFEST))).toMatch(
      /^backup successfully verified: 967 files, 23\.\d MB, WAL 0\/2000028–0\/2000100 on timeline 1$/,
    );
  });
});
