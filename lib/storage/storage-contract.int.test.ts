// The storage contract, run against every backend: posix in a temporary directory and S3 against a
// real S3-protocol server on loopback (test/harness/s3.ts). Nothing is mocked.
import { createHash } from "node:crypto";
import { access, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { buffer, text } from "node:stream/consumers";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { newDataKey } from "@/lib/crypto/data-key";
import { encryptedRepository } from "@/lib/storage/encrypted";
import { createPosixRepository } from "@/lib/storage/posix";
import { ImmutableConflictError, InvalidKeyError, NotFoundError, type Repository } from "@/lib/storage/repository";
import { createS3Repository } from "@/lib/storage/s3";
import { useS3Server } from "@/test/harness/s3";
import { collect } from "@/test/harness/outcomes";

const tmpBase = await mkdtemp(path.join(os.tmpdir(), "wayback-contract-"));
afterAll(() => rm(tmpBase, { recursive: true, force: true }));
const s3 = useS3Server();

let n = 0;
const posix = () => createPosixRepository(path.join(tmpBase, `posix-${++n}`));
// A fresh prefix per test: the bucket is shared by the file.
const s3Repo = () => createS3Repository(s3().settings(`run-${++n}/`), { scratchDir: path.join(tmpBase, `scratch-${n}`) });
/** `describes`: what describe() starts with; `freeBytes`: whether the backend knows; `handsOverFiles`: materialise() gives the stored files themselves. */
const backends = [
  { name: "posix", open: posix, describes: /^posix:\//, freeBytes: true, handsOverFiles: true },
  { name: "s3", open: s3Repo, describes: /^s3:\/\/wayback-test\/run-\d+\/ at 127\.0\.0\.1:\d+$/, freeBytes: false, handsOverFiles: false },
  // Client-side encryption wraps either (lib/storage/encrypted.ts): the same contract, on plaintext.
  {
    name: "encrypted posix",
    open: () => encryptedRepository(posix(), newDataKey()),
    describes: /^encrypted posix:\//,
    freeBytes: true,
    handsOverFiles: false,
  },
  {
    name: "encrypted s3",
    open: () => encryptedRepository(s3Repo(), newDataKey()),
    describes: /^encrypted s3:\/\//,
    freeBytes: false,
    handsOverFiles: false,
  },
];

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

/** `size` bytes that differ from block to block, produced in pieces as a tool would. */
function produced(size: number, piece = 1024 * 1024): { stream: () => Readable; sha256: string } {
  const hash = createHash("sha256");
  const pieces: Buffer[] = [];
  for (let off = 0, i = 0; off < size; off += piece, i++) {
    const buf = Buffer.alloc(Math.min(piece, size - off), i % 251);
    buf.writeUInt32BE(i, 0);
    hash.update(buf);
    pieces.push(buf);
  }
  return { stream: () => Readable.from(pieces), sha256: hash.digest("hex") };
}

describe.each(backends)("storage contract: $name", ({ open, describes, freeBytes, handsOverFiles }) => {
  let repo: Repository;
  beforeEach(() => {
    repo = open();
  });

  it("put, get, stat and checksum round-trip; a plain put overwrites", async () => {
    const data = Buffer.from("hello, wayback\n".repeat(1000));
    expect(await repo.put("c1/backup/b1/base.tar", data)).toEqual({
      key: "c1/backup/b1/base.tar",
      size: data.length,
      sha256: sha256(data),
      alreadyPresent: false,
    });
    expect(await text(await repo.get("c1/backup/b1/base.tar"))).toBe(data.toString());
    expect(await repo.checksum("c1/backup/b1/base.tar")).toEqual({ key: "c1/backup/b1/base.tar", size: data.length, sha256: sha256(data) });
    const st = await repo.stat("c1/backup/b1/base.tar");
    expect(st).toMatchObject({ key: "c1/backup/b1/base.tar", size: data.length });
    expect(st?.mtime).toBeInstanceOf(Date);

    expect(await repo.put("c1/backup/b1/base.tar", Readable.from(["second ", "version"]))).toMatchObject({
      size: 14,
      sha256: sha256("second version"),
      alreadyPresent: false,
    });
    expect(await text(await repo.get("c1/backup/b1/base.tar"))).toBe("second version");
    expect(await repo.put("c1/empty", Buffer.alloc(0))).toMatchObject({ size: 0, sha256: sha256("") });
    expect(await repo.stat("c1/empty")).toMatchObject({ size: 0 });
  });

  it("streams a 20 MiB object (several S3 parts) with the size and sha256 of what was produced", async () => {
    const source = produced(20 * 1024 * 1024);
    const put = await repo.put("c1/backup/big/base.tar", source.stream());
    expect(put).toMatchObject({ size: 20 * 1024 * 1024, sha256: source.sha256, alreadyPresent: false });
    expect(await repo.checksum("c1/backup/big/base.tar")).toMatchObject({ size: put.size, sha256: source.sha256 });
    expect(sha256(await buffer(await repo.get("c1/backup/big/base.tar")))).toBe(source.sha256);
  });

  it("reads from a given byte on (resuming a transfer)", async () => {
    await repo.put("c1/wal/seg", Buffer.from("0123456789"));
    expect(await text(await repo.get("c1/wal/seg", { start: 4 }))).toBe("456789");
    expect(await text(await repo.get("c1/wal/seg", { start: 0 }))).toBe("0123456789");
    expect(await text(await repo.get("c1/wal/seg", { start: 10 }))).toBe("");
  });

  it("absent objects: get and checksum throw NotFoundError, stat is null, remove is quiet", async () => {
    await expect(repo.get("c1/nothing")).rejects.toBeInstanceOf(NotFoundError);
    await expect(repo.checksum("c1/nothing")).rejects.toThrow('Object "c1/nothing" does not exist');
    expect(await repo.stat("c1/nothing")).toBeNull();
    await repo.remove("c1/nothing");
  });

  it.each(["../x", "/abs", "a//b", "a/", ""])("refuses the key %j", async (key) => {
    await expect(repo.put(key, Buffer.from("x"))).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(repo.get(key)).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(repo.stat(key)).rejects.toBeInstanceOf(InvalidKeyError);
  });

  it("lists recursively, sorted by key, with S3 prefix semantics", async () => {
    for (const key of ["c1/backup/b10/x", "c1/backup/b1/z", "c1/backup/b1/sub/a", "c1/backup/b2/y", "c1/wal/0001/seg"]) {
      await repo.put(key, Buffer.from(key));
    }
    expect(await collect(repo.list("c1/backup/b1/"))).toEqual([
      { key: "c1/backup/b1/sub/a", size: 18 },
      { key: "c1/backup/b1/z", size: 14 },
    ]);
    expect((await collect(repo.list("c1/backup/b1"))).map((o) => o.key)).toEqual([
      "c1/backup/b1/sub/a",
      "c1/backup/b1/z",
      "c1/backup/b10/x",
    ]);
    expect((await collect(repo.list(""))).map((o) => o.key)).toEqual([
      "c1/backup/b1/sub/a",
      "c1/backup/b1/z",
      "c1/backup/b10/x",
      "c1/backup/b2/y",
      "c1/wal/0001/seg",
    ]);
    expect(await collect(repo.list("c2/"))).toEqual([]);
  });

  it("remove and removePrefix delete what they name and nothing else; the empty prefix is refused", async () => {
    for (const key of ["c1/backup/b1/a", "c1/backup/b1/sub/b", "c1/backup/b10/c", "c1/backup/b2/d", "c1/keep"]) {
      await repo.put(key, Buffer.from(key));
    }
    await repo.remove("c1/keep");
    await repo.removePrefix("c1/backup/b1/");
    expect((await collect(repo.list(""))).map((o) => o.key)).toEqual(["c1/backup/b10/c", "c1/backup/b2/d"]);
    await repo.removePrefix("c1/backup/b");
    expect(await collect(repo.list(""))).toEqual([]);
    await expect(repo.removePrefix("")).rejects.toThrow(/non-empty prefix/);
  });

  it("removePrefix deletes more objects than one S3 request takes (1000)", async () => {
    const keys = Array.from({ length: 1005 }, (_, i) => `c1/wal/${String(i).padStart(5, "0")}`);
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((key) => repo.put(key, Buffer.from("w"))));
    }
    expect((await collect(repo.list("c1/wal/"))).length).toBe(1005);
    await repo.removePrefix("c1/wal/");
    expect(await collect(repo.list(""))).toEqual([]);
  });

  it("immutable: the same contents succeed without writing, different contents throw and leave the object untouched", async () => {
    const first = await repo.put("c1/wal/seg", Buffer.from("segment one"), { immutable: true });
    expect(first).toMatchObject({ size: 11, sha256: sha256("segment one"), alreadyPresent: false });
    const mtime = (await repo.stat("c1/wal/seg"))?.mtime;

    expect(await repo.put("c1/wal/seg", Readable.from(["segment ", "one"]), { immutable: true })).toEqual({
      key: "c1/wal/seg",
      size: 11,
      sha256: sha256("segment one"),
      alreadyPresent: true,
    });
    const conflict = repo.put("c1/wal/seg", Readable.from(["segment two"]), { immutable: true });
    await expect(conflict).rejects.toBeInstanceOf(ImmutableConflictError);
    await expect(conflict).rejects.toThrow(`existing sha256 ${sha256("segment one")}, new sha256 ${sha256("segment two")}`);
    await expect(repo.put("c1/wal/seg", Buffer.from("segment two"), { immutable: true })).rejects.toBeInstanceOf(ImmutableConflictError);

    expect(await text(await repo.get("c1/wal/seg"))).toBe("segment one");
    expect((await repo.stat("c1/wal/seg"))?.mtime).toEqual(mtime);
  });

  it("materialise gives local files for a prefix; release() cleans up what it made", async () => {
    await repo.put("c1/dump/d1/toc.dat", Buffer.from("toc"));
    await repo.put("c1/dump/d1/data/3001.dat", Buffer.from("rows"));
    await repo.put("c1/dump/d10/other", Buffer.from("not this one"));
    const copy = await repo.materialise("c1/dump/d1/");
    expect(await readFile(path.join(copy.path, "toc.dat"), "utf8")).toBe("toc");
    expect(await readFile(path.join(copy.path, "data/3001.dat"), "utf8")).toBe("rows");
    expect((await readdir(copy.path, { recursive: true })).map(String).sort()).toEqual(["data", "data/3001.dat", "toc.dat"]);
    await copy.release();
    await copy.release();
    // Posix handed over its own directory: the objects stay. A downloaded or decrypted copy is gone.
    if (handsOverFiles) expect(await text(await repo.get("c1/dump/d1/toc.dat"))).toBe("toc");
    else await expect(access(copy.path)).rejects.toThrow(/ENOENT/);
    await expect(repo.materialise("c1/dump/d1")).rejects.toThrow(/ending in '\/'/);
  });

  it("stagingDir: a tool's files are stored under the prefix on commit; discard and discardStaging clean up", async () => {
    const staging = await repo.stagingDir("backup-b1");
    await mkdir(path.join(staging.path, "global"), { recursive: true });
    await writeFile(path.join(staging.path, "global/pg_control"), "control");
    await writeFile(path.join(staging.path, "backup_manifest"), "manifest");
    const stored = await staging.commit("c1/backup/b1");
    expect(stored).toEqual([
      { key: "c1/backup/b1/backup_manifest", size: 8, sha256: sha256("manifest") },
      { key: "c1/backup/b1/global/pg_control", size: 7, sha256: sha256("control") },
    ]);
    expect(await repo.checksum("c1/backup/b1/global/pg_control")).toMatchObject({ sha256: sha256("control") });
    await expect(access(staging.path)).rejects.toThrow(/ENOENT/);
    await expect(staging.commit("c1/backup/b1")).rejects.toThrow(); // committed once only

    const discarded = await repo.stagingDir("backup-b2");
    await writeFile(path.join(discarded.path, "half"), "x");
    await discarded.discard();
    await expect(access(discarded.path)).rejects.toThrow(/ENOENT/);

    const leftover = await repo.stagingDir("backup-b3");
    const other = await repo.stagingDir("backup-b4");
    await repo.discardStaging("backup-b3");
    await expect(access(leftover.path)).rejects.toThrow(/ENOENT/);
    await access(other.path);
    await other.discard();
    expect((await collect(repo.list(""))).map((o) => o.key)).toEqual(["c1/backup/b1/backup_manifest", "c1/backup/b1/global/pg_control"]);
  });

  it("says where it is, and how much room is left when the backend knows", async () => {
    expect(repo.describe()).toMatch(describes);
    const free = await repo.freeBytes();
    if (freeBytes) expect(free).toBeGreaterThan(0);
    else expect(free).toBeNull();
  });
});
