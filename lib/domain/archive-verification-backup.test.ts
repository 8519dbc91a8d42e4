import { describe, expect, it } from "vitest";
import type { FileDigest } from "@/lib/domain/archive-verification";
import {
  checkBackupFiles,
  parseWaybackManifest,
  strayBackupFindings,
  WAYBACK_MANIFEST,
  type ManifestRead,
} from "@/lib/domain/archive-verification-backup";

const PREFIX = "c1/backup/b1/";
const sha = (c: string) => c.repeat(64);
const files = (entries: Record<string, [number, string]>) =>
  new Map(Object.entries(entries).map(([n, [size, s]]) => [n, { size, sha256: sha(s) } as FileDigest]));

const catalog = files({ "base.tar.zst": [1000, "a"], "pg_wal.tar": [500, "b"], backup_manifest: [200, "c"] });
const okManifest: ManifestRead = { state: "ok", files: catalog };
const asStored = (extra: Record<string, [number, string]> = {}) =>
  new Map([...catalog, ...files({ [WAYBACK_MANIFEST]: [300, "d"], ...extra })]);

const check = (opts: { stored?: Map<string, FileDigest>; manifest?: ManifestRead; catalog?: Map<string, FileDigest> } = {}) =>
  checkBackupFiles({
    backupId: "b1",
    prefix: PREFIX,
    catalog: opts.catalog ?? catalog,
    manifest: opts.manifest ?? okManifest,
    stored: opts.stored ?? asStored(),
  });

describe("checkBackupFiles", () => {
  it("finds nothing when the repository, the catalog and the manifest agree", () => {
    expect(check()).toEqual([]);
  });

  it("reports a truncated, an emptied and a grown file by path, with the size the catalog recorded", () => {
    const stored = asStored({ "base.tar.zst": [10, "a"], "pg_wal.tar": [0, "e"], backup_manifest: [201, "c"] });
    expect(check({ stored })).toEqual([
      { scope: "backup", backupId: "b1", path: `${PREFIX}base.tar.zst`, kind: "short", message: "size 10, expected 1000" },
      { scope: "backup", backupId: "b1", path: `${PREFIX}pg_wal.tar`, kind: "empty", message: "size 0, expected 500" },
      { scope: "backup", backupId: "b1", path: `${PREFIX}backup_manifest`, kind: "size", message: "size 201, expected 200" },
    ]);
  });

  it("reports a file of the right size whose SHA-256 changed, with both checksums", () => {
    const [f] = check({ stored: asStored({ "pg_wal.tar": [500, "f"] }) });
    expect(f).toMatchObject({ path: `${PREFIX}pg_wal.tar`, kind: "checksum" });
    expect(f?.message).toBe(`sha256 differs from the one recorded when the backup was stored (read ${sha("f")}, recorded ${sha("b")})`);
  });

  it("reports a recorded file removed from the repository", () => {
    const stored = asStored();
    stored.delete("pg_wal.tar");
    expect(check({ stored })).toEqual([
      {
        scope: "backup",
        backupId: "b1",
        path: `${PREFIX}pg_wal.tar`,
        kind: "missing",
        message: "missing from the repository; the catalog recorded 500 bytes when the backup was stored",
      },
    ]);
  });

  it("reports files neither the catalog nor the manifest lists, but never the manifest itself", () => {
    expect(check({ stored: asStored({ "notes.txt": [3, "9"] }) })).toEqual([
      {
        scope: "backup",
        backupId: "b1",
        path: `${PREFIX}notes.txt`,
        kind: "unknown",
        message: "not part of this backup in the catalog or in its manifest",
      },
    ]);
  });

  it("reports a missing or unusable manifest on the manifest's path", () => {
    expect(check({ manifest: { state: "missing" } })).toEqual([
      {
        scope: "backup",
        backupId: "b1",
        path: `${PREFIX}${WAYBACK_MANIFEST}`,
        kind: "manifest",
        message: "missing: it is written last, so the backup is incomplete or was altered",
      },
    ]);
    expect(check({ manifest: { state: "invalid", reason: "it belongs to backup b2" } })[0]?.message).toBe(
      "cannot be used: it belongs to backup b2",
    );
  });

  it("reports where the manifest and the catalog disagree, entry by entry", () => {
    const manifest: ManifestRead = {
      state: "ok",
      files: files({ "base.tar.zst": [1000, "0"], backup_manifest: [200, "c"], "tablespace.tar": [1, "1"] }),
    };
    const stored = asStored({ "tablespace.tar": [1, "1"] });
    const found = check({ manifest, stored });
    expect(found.map((f) => [f.path, f.kind])).toEqual([
      [`${PREFIX}tablespace.tar`, "unknown"],
      [`${PREFIX}${WAYBACK_MANIFEST}`, "manifest"],
      [`${PREFIX}${WAYBACK_MANIFEST}`, "manifest"],
      [`${PREFIX}${WAYBACK_MANIFEST}`, "manifest"],
    ]);
    expect(found[0]?.message).toBe("not part of this backup in the catalog (its manifest lists it)");
    expect(found.slice(1).map((f) => f.message)).toEqual([
      `disagrees with the catalog about base.tar.zst (manifest: 1000 bytes, sha256 ${sha("0")}; catalog: 1000 bytes, sha256 ${sha("a")})`,
      "does not list pg_wal.tar, which the catalog records for this backup",
      "lists tablespace.tar, which the catalog does not record for this backup",
    ]);
  });
});

describe("parseWaybackManifest", () => {
  // As the backup job writes it (lib/backups/store-backup.ts).
  const written = {
    format: 1,
    backupId: "b1",
    clusterId: "c1",
    label: "wayback 2026-01-01T00:00:00.000Z",
    startLsn: "0/2000028",
    stopLsn: "0/2000100",
    timeline: 1,
    stopTime: "2026-01-01T00:00:01.000Z",
    files: [{ name: "base.tar.zst", size: 1000, sha256: sha("a") }],
  };

  it("reads the files of the manifest the backup job writes", () => {
    expect(parseWaybackManifest(JSON.stringify(written, null, 2), "b1")).toEqual({
      state: "ok",
      files: files({ "base.tar.zst": [1000, "a"] }),
    });
  });

  it("refuses what is not JSON, not a manifest, or another backup's manifest", () => {
    expect(parseWaybackManifest('{"format": 1,', "b1")).toMatchObject({
      state: "invalid",
      reason: expect.stringMatching(/^it is not JSON/),
    });
    expect(parseWaybackManifest(JSON.stringify({ ...written, files: [{ name: "x", size: -1, sha256: sha("a") }] }), "b1")).toMatchObject({
      state: "invalid",
      reason: expect.stringMatching(/^it is not a Wayback backup manifest \(files\.0\.size: /),
    });
    expect(parseWaybackManifest(JSON.stringify(written), "b2")).toEqual({ state: "invalid", reason: "it belongs to backup b1" });
  });
});

describe("strayBackupFindings", () => {
  const backups = new Map([
    ["b1", { status: "complete", label: "one" }],
    ["b2", { status: "running", label: "two" }],
    ["b3", { status: "failed", label: "three" }],
  ]);

  it("leaves complete and running backups alone and reports everything else under backup/", () => {
    const objects = [
      "c1/backup/b1/base.tar.zst",
      "c1/backup/b2/base.tar.zst",
      "c1/backup/b3/base.tar.zst",
      "c1/backup/b9/x",
      "c1/backup/loose.tar",
    ].map((key) => ({ key }));
    expect(strayBackupFindings("c1/backup/", objects, backups)).toEqual([
      {
        scope: "backup",
        backupId: null,
        path: "c1/backup/b3/base.tar.zst",
        kind: "unknown",
        message: "left behind by failed backup three, whose files should have been removed",
      },
      { scope: "backup", backupId: null, path: "c1/backup/b9/x", kind: "unknown", message: "not part of any backup in the catalog" },
      { scope: "backup", backupId: null, path: "c1/backup/loose.tar", kind: "unknown", message: "not part of any backup in the catalog" },
    ]);
  });
});
