import { describe, expect, it } from "vitest";
import type { FileDigest } from "@/lib/domain/archive-verification";
import type { ChainBackup } from "@/lib/domain/archive-verification-chain";
import { verifyWalArchive, type WalArchiveInput, type WalObject } from "@/lib/domain/archive-verification-wal";
import { segmentName } from "@/lib/domain/wal-segment";

const SEG = 16 * 1024 * 1024;
const SYSID = "7400000000000000001";
const keyOf = (name: string) => (name.endsWith(".history") ? `c1/wal/${name}` : `c1/wal/${name.slice(0, 16)}/${name}`);
const shaOf = (name: string) =>
  name
    .replace(/[^0-9A-F]/g, "")
    .toLowerCase()
    .padEnd(64, "0")
    .slice(0, 64);
const name = (timeline: number, segno: number) => segmentName(timeline, BigInt(segno));

/** A healthy segment as the repository holds it (its checksum derived from its name). */
const segment = (timeline: number, segno: number, over: Partial<WalObject> = {}): WalObject => {
  const n = name(timeline, segno);
  return {
    key: keyOf(n),
    name: n,
    compression: null,
    size: SEG,
    sha256: shaOf(n),
    headerProblem: null,
    systemIdentifier: SYSID,
    text: null,
    ...over,
  };
};
const history = (timeline: number, text: string, over: Partial<WalObject> = {}): WalObject => {
  const n = `${timeline.toString(16).toUpperCase().padStart(8, "0")}.history`;
  return {
    key: keyOf(n),
    name: n,
    compression: null,
    size: text.length,
    sha256: shaOf(n),
    headerProblem: null,
    systemIdentifier: null,
    text,
    ...over,
  };
};
const backup: ChainBackup = {
  id: "b1",
  label: "wayback 1",
  timeline: 1,
  startLsn: 2n * BigInt(SEG) + 0x28n,
  stopLsn: 2n * BigInt(SEG) + 0x100n,
  carriesWal: true,
};

/** The catalog recorded exactly the healthy objects given. */
function recorded(objects: WalObject[]): WalArchiveInput["catalog"] {
  const segments = new Map<string, FileDigest>();
  const histories = new Map<number, FileDigest>();
  for (const o of objects) {
    if (o.name?.endsWith(".history")) histories.set(parseInt(o.name, 16), { size: o.size, sha256: o.sha256 });
    else if (o.name && o.compression === null && /^[0-9A-F]{24}$/.test(o.name)) segments.set(o.name, { size: o.size, sha256: o.sha256 });
  }
  return { segments, histories };
}

const verify = (objects: WalObject[], over: Partial<WalArchiveInput> = {}) =>
  verifyWalArchive({ objects, catalog: recorded(objects), systemIdentifier: SYSID, backups: [backup], segmentSize: SEG, keyOf, ...over });
const healthy = (from: number, to: number, timeline = 1) => Array.from({ length: to - from + 1 }, (_, i) => segment(timeline, from + i));
const only = (objects: WalObject[], over: Partial<WalArchiveInput> = {}) =>
  verify(objects, over).findings.map((f) => ({ path: f.path, kind: f.kind, message: f.message }));

describe("verifyWalArchive: a healthy archive", () => {
  it("has no findings and one range per run of segments", () => {
    const result = verify(healthy(1, 9));
    expect(result.findings).toEqual([]);
    expect(result.ranges).toEqual([{ timeline: 1, first: name(1, 1), last: name(1, 9), files: 9, bytes: 9 * SEG, findings: 0 }]);
  });

  it("accepts .partial and .backup files, which the catalog never records", () => {
    const partial = segment(1, 10, { key: `${keyOf(name(1, 10))}.partial`, name: `${name(1, 10)}.partial` });
    const label = segment(1, 2, { key: `${keyOf(name(1, 2))}.00000028.backup`, name: `${name(1, 2)}.00000028.backup`, size: 300 });
    expect(only([...healthy(1, 9), partial, label])).toEqual([]);
  });
});

describe("verifyWalArchive: damaged segments", () => {
  it("reports empty, short and oversized segments with the segment size expected", () => {
    const objects = [...healthy(1, 9)];
    objects[2] = segment(1, 3, { size: 0 });
    objects[3] = segment(1, 4, { size: 8192 });
    objects[4] = segment(1, 5, { size: SEG + 1 });
    expect(only(objects, { catalog: recorded(healthy(1, 9)) })).toEqual([
      { path: keyOf(name(1, 3)), kind: "empty", message: "size 0, expected 16777216" },
      { path: keyOf(name(1, 4)), kind: "short", message: "size 8192, expected 16777216" },
      { path: keyOf(name(1, 5)), kind: "size", message: "size 16777217, expected 16777216" },
    ]);
  });

  it("reports a header that does not fit the name, and WAL of another database system", () => {
    const objects = healthy(1, 9);
    objects[0] = segment(1, 1, { headerProblem: "WAL file X belongs to timeline 2, its name says 1." });
    objects[1] = segment(1, 2, { systemIdentifier: "1234" });
    expect(only(objects)).toEqual([
      { path: keyOf(name(1, 1)), kind: "header", message: "WAL file X belongs to timeline 2, its name says 1." },
      { path: keyOf(name(1, 2)), kind: "foreign", message: `written by database system 1234; this cluster is system ${SYSID}` },
    ]);
  });

  it("reports contents changed since the push, with both checksums", () => {
    const objects = healthy(1, 9);
    const catalog = recorded(objects);
    objects[5] = segment(1, 6, { sha256: "f".repeat(64) });
    expect(only(objects, { catalog })).toEqual([
      {
        path: keyOf(name(1, 6)),
        kind: "checksum",
        message: `sha256 differs from the one recorded at push (read ${"f".repeat(64)}, recorded ${shaOf(name(1, 6))})`,
      },
    ]);
  });

  it("reports a segment the catalog does not know, and a file that is not WAL", () => {
    const objects = [...healthy(1, 9), segment(1, 10), { ...segment(1, 1), key: "c1/wal/notes.txt", name: null }];
    expect(only(objects, { catalog: recorded(healthy(1, 9)) })).toEqual([
      {
        path: "c1/wal/notes.txt",
        kind: "unknown",
        message: "not a file Wayback archives here (WAL segments, .partial, .backup and .history files, each in its place)",
      },
      {
        path: keyOf(name(1, 10)),
        kind: "unknown",
        message: "not in the catalog: archived behind Wayback's back, or its catalog row was lost",
      },
    ]);
  });

  it("gives a damaged file one finding only: an empty unknown segment is empty", () => {
    const objects = [...healthy(1, 9), segment(1, 10, { size: 0 })];
    expect(only(objects, { catalog: recorded(healthy(1, 9)) })).toEqual([
      { path: keyOf(name(1, 10)), kind: "empty", message: "size 0, expected 16777216" },
    ]);
  });

  it("reports a short .partial file and an empty .backup file", () => {
    const partial = segment(1, 10, { key: `${keyOf(name(1, 10))}.partial`, name: `${name(1, 10)}.partial`, size: 100 });
    const label = segment(1, 2, { key: `${keyOf(name(1, 2))}.00000028.backup`, name: `${name(1, 2)}.00000028.backup`, size: 0 });
    expect(only([...healthy(1, 9), partial, label]).map((f) => [f.path, f.kind])).toEqual([
      [partial.key, "short"],
      [label.key, "empty"],
    ]);
  });
});

describe("verifyWalArchive: duplicates", () => {
  it("reports another copy of a segment with different contents, not one with the same bytes", () => {
    const copy = (sha256: string) => segment(1, 4, { key: `${keyOf(name(1, 4))}.zst`, compression: "zst", sha256 });
    expect(only([...healthy(1, 9), copy("e".repeat(64))])).toEqual([
      {
        path: `${keyOf(name(1, 4))}.zst`,
        kind: "duplicate",
        message: `another copy of ${name(1, 4)}, stored as ${keyOf(name(1, 4))}, has different contents`,
      },
    ]);
    expect(only([...healthy(1, 9), copy(shaOf(name(1, 4)))])).toEqual([]);
  });

  it("reports a segment stored only compressed as unknown: Wayback does not write those", () => {
    const objects = healthy(1, 9);
    objects[8] = segment(1, 9, { key: `${keyOf(name(1, 9))}.gz`, compression: "gz" });
    expect(only(objects, { catalog: recorded(healthy(1, 8)) })).toEqual([
      {
        path: `${keyOf(name(1, 9))}.gz`,
        kind: "unknown",
        message: "stored compressed (gz), which Wayback does not write: not in the catalog, and not checked",
      },
    ]);
  });
});

describe("verifyWalArchive: the chain", () => {
  it("reports a segment removed from the middle of the chain as a gap, once, naming its neighbours", () => {
    const all = healthy(1, 9);
    const objects = all.filter((o) => o.name !== name(1, 7));
    expect(only(objects, { catalog: recorded(all) })).toEqual([
      {
        path: keyOf(name(1, 7)),
        kind: "gap",
        message:
          "segment 000000010000000000000007 missing between 000000010000000000000006 and 000000010000000000000008 on timeline 1; " +
          "the catalog recorded it at push, so it was removed from the repository",
      },
    ]);
  });

  it("reports a gap the catalog never knew, and several missing segments as one gap", () => {
    const objects = healthy(1, 9).filter((o) => !["6", "7", "8"].includes(o.name!.slice(-1)));
    expect(only(objects)).toEqual([
      {
        path: keyOf(name(1, 6)),
        kind: "gap",
        message:
          "segments 000000010000000000000006 to 000000010000000000000008 (3) missing between 000000010000000000000005 and 000000010000000000000009 on timeline 1",
      },
    ]);
  });

  it("names the backup when the chain's first segments are missing", () => {
    const b = { ...backup, stopLsn: 4n * BigInt(SEG) };
    expect(only(healthy(5, 9), { backups: [b] })).toEqual([
      {
        path: keyOf(name(1, 4)),
        kind: "gap",
        message:
          "segment 000000010000000000000004 missing before 000000010000000000000005 on timeline 1: backup wayback 1 needs it to be rolled forward",
      },
    ]);
  });

  it("reports a recorded segment outside every chain as missing", () => {
    const all = healthy(1, 9);
    expect(only(all.slice(1), { catalog: recorded(all) })).toEqual([
      { path: keyOf(name(1, 1)), kind: "missing", message: "missing from the repository; the catalog recorded it at push" },
    ]);
  });

  it("does not report a damaged segment again as a gap", () => {
    const objects = healthy(1, 9);
    objects[6] = segment(1, 7, { size: 0 });
    expect(only(objects, { catalog: recorded(healthy(1, 9)) }).map((f) => f.kind)).toEqual(["empty"]);
  });

  it("follows a timeline switch through its history file, and reports a gap across it on both timelines", () => {
    const text = `1\t0/${(5 * SEG + 0x2000).toString(16).toUpperCase()}\tno recovery target specified\n`;
    const whole = [...healthy(1, 4), ...healthy(5, 9, 2), history(2, text)];
    expect(verify(whole).findings).toEqual([]);
    expect(verify(whole).ranges.map((r) => [r.timeline, r.first, r.last])).toEqual([
      [1, name(1, 1), name(1, 4)],
      [2, name(2, 5), name(2, 9)],
    ]);
    const broken = whole.filter((o) => o.name !== name(1, 4) && o.name !== name(2, 5));
    expect(only(broken)).toEqual([
      {
        path: keyOf(name(1, 4)),
        kind: "gap",
        message:
          "segments 000000010000000000000004 to 000000020000000000000005 (2) missing between 000000010000000000000003 and 000000020000000000000006 on timelines 1 and 2",
      },
    ]);
  });

  it("counts findings per range of segments", () => {
    const objects = healthy(1, 9).filter((o) => o.name !== name(1, 5));
    objects[6] = segment(1, 8, { sha256: "0".repeat(64) });
    expect(verify(objects, { catalog: recorded(healthy(1, 9)) }).ranges).toEqual([
      { timeline: 1, first: name(1, 1), last: name(1, 4), files: 4, bytes: 4 * SEG, findings: 0 },
      { timeline: 1, first: name(1, 6), last: name(1, 9), files: 4, bytes: 4 * SEG, findings: 1 },
    ]);
  });
});

describe("verifyWalArchive: history files", () => {
  const text = "1\t0/5002000\tno recovery target specified\n";

  it("reports a history file that is empty, unreadable, unknown, or changed since the push", () => {
    const catalog = recorded([...healthy(1, 4), history(2, text), history(3, text)]);
    const objects = [
      ...healthy(1, 4),
      history(2, "garbage"),
      history(3, text, { sha256: "1".repeat(64) }),
      history(4, ""),
      history(5, "1\t0/1\tx\n"),
    ];
    expect(only(objects, { catalog }).map((f) => [f.path, f.kind])).toEqual([
      ["c1/wal/00000002.history", "history"],
      ["c1/wal/00000003.history", "checksum"],
      ["c1/wal/00000004.history", "empty"],
      ["c1/wal/00000005.history", "unknown"],
    ]);
  });

  it("reports a recorded history file that is gone, and a timeline with WAL but no history file", () => {
    const objects = [...healthy(1, 4), ...healthy(5, 9, 2)];
    const catalog = recorded([...objects, history(2, text)]);
    expect(only(objects, { catalog })).toEqual([
      { path: "c1/wal/00000002.history", kind: "missing", message: "missing from the repository; the catalog recorded it at push" },
    ]);
    expect(only(objects)).toEqual([
      {
        path: "c1/wal/00000002.history",
        kind: "history",
        message: "no readable history file for timeline 2, which has WAL in the archive: recovery cannot follow it there",
      },
    ]);
  });
});
