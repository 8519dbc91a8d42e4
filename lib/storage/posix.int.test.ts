// Real files in a temporary directory; nothing is mocked.
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { checkRepositoryWritable, RepositoryRootError, resolveRepositoryRoot } from "@/lib/storage/allowed-roots";
import { createPosixRepository } from "@/lib/storage/posix";
import { ImmutableConflictError, InvalidKeyError, NotFoundError, RepositoryAccessError, type Repository } from "@/lib/storage/repository";
import { collect, failure } from "@/test/harness/outcomes";

const tmpBase = await mkdtemp(path.join(os.tmpdir(), "wayback-repo-"));
afterAll(() => rm(tmpBase, { recursive: true, force: true }));

let root: string;
let repo: Repository;
let n = 0;
beforeEach(async () => {
  root = path.join(tmpBase, `repo-${++n}`);
  repo = createPosixRepository(root);
});

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

/** Every file and directory under `dir`, relative, sorted. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true }).catch(() => []);
  return entries.map(String).sort();
}

describe("posix repository: put and get", () => {
  it("round-trips a buffer with the same sha256 as node:crypto, and overwrites by default", async () => {
    const data = Buffer.from("hello, wayback\n".repeat(1000));
    const put = await repo.put("c1/backup/b1/base.tar", data);
    expect(put).toEqual({ key: "c1/backup/b1/base.tar", size: data.length, sha256: sha256(data), alreadyPresent: false });
    expect(await readFile(path.join(root, "c1/backup/b1/base.tar"))).toEqual(data);
    expect(await text(await repo.get("c1/backup/b1/base.tar"))).toBe(data.toString());
    expect(await repo.checksum("c1/backup/b1/base.tar")).toEqual({ key: "c1/backup/b1/base.tar", size: data.length, sha256: sha256(data) });
    const st = await repo.stat("c1/backup/b1/base.tar");
    expect(st).toMatchObject({ key: "c1/backup/b1/base.tar", size: data.length });
    expect(st?.mtime).toBeInstanceOf(Date);

    const again = await repo.put("c1/backup/b1/base.tar", Readable.from(["second ", "version"]));
    expect(again).toMatchObject({ size: 14, sha256: sha256("second version"), alreadyPresent: false });
    expect(await readFile(path.join(root, "c1/backup/b1/base.tar"), "utf8")).toBe("second version");
    expect(await tree(path.join(root, "c1/backup/b1"))).toEqual(["base.tar"]);
  });

  it("stores an empty object", async () => {
    expect(await repo.put("c1/empty", Buffer.alloc(0))).toMatchObject({ size: 0, sha256: sha256("") });
    expect(await repo.stat("c1/empty")).toMatchObject({ size: 0 });
  });

  it("streams 50 MB to disk while the source is still producing, with the right size and sha256", async () => {
    const chunk = 1024 * 1024;
    const chunks = 50;
    const expected = createHash("sha256");
    const dir = path.join(root, "c1/backup/big");
    let sizeOnDiskMidway = -1;
    async function* produce() {
      for (let i = 0; i < chunks; i++) {
        if (i === 40) {
          // The temporary file already holds most of what was produced: nothing is buffered.
          const tmp = (await readdir(dir)).find((f) => f.startsWith(".tmp-"));
          sizeOnDiskMidway = tmp ? (await stat(path.join(dir, tmp))).size : 0;
        }
        const buf = Buffer.alloc(chunk, i % 251);
        buf.writeUInt32BE(i, 0);
        expected.update(buf);
        yield buf;
      }
    }
    const put = await repo.put("c1/backup/big/base.tar", Readable.from(produce()));
    expect(sizeOnDiskMidway).toBeGreaterThan(35 * chunk);
    expect(put).toMatchObject({ size: chunks * chunk, sha256: expected.digest("hex"), alreadyPresent: false });
    expect((await stat(path.join(dir, "base.tar"))).size).toBe(chunks * chunk);
    expect(await repo.checksum("c1/backup/big/base.tar")).toMatchObject({ size: put.size, sha256: put.sha256 });
    expect(await tree(dir)).toEqual(["base.tar"]);
  });

  it("get and checksum throw NotFoundError for a missing key; stat returns null", async () => {
    await expect(repo.get("c1/nothing")).rejects.toBeInstanceOf(NotFoundError);
    await expect(repo.checksum("c1/nothing")).rejects.toThrow('Object "c1/nothing" does not exist');
    expect(await repo.stat("c1/nothing")).toBeNull();
    await repo.put("c1/dir/file", Buffer.from("x"));
    // A directory is not an object.
    await expect(repo.get("c1/dir")).rejects.toBeInstanceOf(NotFoundError);
    expect(await repo.stat("c1/dir")).toBeNull();
    // Below a file.
    expect(await repo.stat("c1/dir/file/x")).toBeNull();
  });

  it.each(["../x", "/abs", "a//b", "a\\b", "a/./b", "a/", "", "a\0b", "c1/.tmp-x"])("refuses the key %j everywhere", async (key) => {
    for (const call of [
      () => repo.put(key, Buffer.from("x")),
      () => repo.get(key),
      () => repo.stat(key),
      () => repo.checksum(key),
      () => repo.remove(key),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(InvalidKeyError);
    }
    expect(await tree(tmpBase)).not.toContain(path.basename(root));
  });

  it("refuses list and removePrefix prefixes that escape", async () => {
    await expect(collect(repo.list("../"))).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(collect(repo.list("/etc/"))).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(repo.removePrefix("../")).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(repo.removePrefix("")).rejects.toThrow(/non-empty prefix/);
  });
});

describe("posix repository: immutable puts", () => {
  const key = "c1/wal/0000000100000000/000000010000000000000001";

  it("succeeds without writing when the same contents exist, and refuses different contents", async () => {
    const first = await repo.put(key, Buffer.from("segment"), { immutable: true });
    expect(first).toMatchObject({ size: 7, sha256: sha256("segment"), alreadyPresent: false });
    const before = await stat(path.join(root, key));

    const same = await repo.put(key, Readable.from([Buffer.from("seg"), Buffer.from("ment")]), { immutable: true });
    expect(same).toEqual({ key, size: 7, sha256: sha256("segment"), alreadyPresent: true });
    expect((await stat(path.join(root, key))).ino).toBe(before.ino);

    const err = await failure(repo.put(key, Buffer.from("other"), { immutable: true }));
    expect(err).toBeInstanceOf(ImmutableConflictError);
    expect(err.message).toContain(key);
    expect(err.message).toContain(sha256("segment"));
    expect(err.message).toContain(sha256("other"));
    expect(err).toMatchObject({ key, existingSha256: sha256("segment"), newSha256: sha256("other") });
    expect(await readFile(path.join(root, key), "utf8")).toBe("segment");
    expect(await tree(path.dirname(path.join(root, key)))).toEqual(["000000010000000000000001"]);
  });

  it("lets exactly one of two racing writers with different contents win", async () => {
    const results = await Promise.allSettled([
      repo.put(key, Buffer.from("A".repeat(100_000)), { immutable: true }),
      repo.put(key, Buffer.from("B".repeat(100_000)), { immutable: true }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(ImmutableConflictError);
    const stored = await readFile(path.join(root, key), "utf8");
    expect((won[0] as PromiseFulfilledResult<{ sha256: string }>).value.sha256).toBe(sha256(stored));
    expect(await tree(path.dirname(path.join(root, key)))).toEqual(["000000010000000000000001"]);
  });
});

describe("posix repository: failures leave nothing behind", () => {
  it("an abort mid-put leaves neither the object nor a temporary file", async () => {
    const controller = new AbortController();
    let produced = 0;
    async function* slow() {
      for (;;) {
        if (++produced === 5) controller.abort();
        yield Buffer.alloc(64 * 1024, 1);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const err = await failure(repo.put("c1/backup/b1/base.tar", Readable.from(slow()), { signal: controller.signal }));
    expect(err.name).toBe("AbortError");
    expect(await tree(path.join(root, "c1/backup/b1"))).toEqual([]);
  });

  it("an already-aborted signal writes nothing", async () => {
    const err = await failure(repo.put("c1/x", Buffer.from("x"), { signal: AbortSignal.abort() }));
    expect(err.name).toBe("AbortError");
    expect(await tree(root)).toEqual([]);
  });

  it("a failing source stream leaves nothing, and the source's error is reported", async () => {
    async function* broken() {
      yield Buffer.alloc(100_000, 2);
      throw new Error("connection reset by peer");
    }
    await expect(
      repo.put("c1/wal/0000000100000000/000000010000000000000002", Readable.from(broken()), { immutable: true }),
    ).rejects.toThrow("connection reset by peer");
    expect(await tree(path.join(root, "c1/wal/0000000100000000"))).toEqual([]);
  });

  it("checksum honours its abort signal", async () => {
    await repo.put("c1/f", Buffer.alloc(1024 * 1024));
    const err = await failure(repo.checksum("c1/f", AbortSignal.abort()));
    expect(err.name).toBe("AbortError");
  });

  it("a key below an existing file is a clear access error", async () => {
    await repo.put("c1/file", Buffer.from("x"));
    const err = await failure(repo.put("c1/file/below", Buffer.from("y")));
    expect(err).toBeInstanceOf(RepositoryAccessError);
    expect(err.message).toMatch(new RegExp(`^Wayback cannot write to ${root}/c1/file: part of that path is a file`));
  });
});

describe("posix repository: list and remove", () => {
  it("lists recursively in key order, skipping temporary files and staging directories", async () => {
    for (const key of ["c1/b/z", "c1/a-c", "c1/a/b", "c1/a/a", "c1/a.x", "c10/x", "c2/y"]) {
      await repo.put(key, Buffer.from(key));
    }
    await writeFile(path.join(root, "c1/a/.tmp-inprogress"), "partial");
    await writeFile(path.join(root, ".tmp-top"), "partial");
    const staging = await repo.stagingDir("basebackup");
    await writeFile(path.join(staging.path, "base.tar"), "staged");

    const all = await collect(repo.list(""));
    expect(all.map((o) => o.key)).toEqual(["c1/a-c", "c1/a.x", "c1/a/a", "c1/a/b", "c1/b/z", "c10/x", "c2/y"]);
    expect(all.map((o) => o.key)).toEqual(all.map((o) => o.key).sort());
    expect(all[0]).toEqual({ key: "c1/a-c", size: 6 });
    expect((await collect(repo.list("c1/"))).map((o) => o.key)).toEqual(["c1/a-c", "c1/a.x", "c1/a/a", "c1/a/b", "c1/b/z"]);
    expect((await collect(repo.list("c1/a/"))).map((o) => o.key)).toEqual(["c1/a/a", "c1/a/b"]);
    // A prefix without a trailing '/' matches by string, as on S3.
    expect((await collect(repo.list("c1"))).map((o) => o.key)).toEqual(all.filter((o) => o.key.startsWith("c1")).map((o) => o.key));
    expect((await collect(repo.list("c1/a"))).map((o) => o.key)).toEqual(["c1/a-c", "c1/a.x", "c1/a/a", "c1/a/b"]);
    expect(await collect(repo.list("nothing/"))).toEqual([]);
    expect(await collect(repo.list("c1/a-c/"))).toEqual([]); // below a file
    await staging.discard();
  });

  it("lists nothing in a repository that does not exist yet", async () => {
    expect(await collect(repo.list(""))).toEqual([]);
  });

  it("removes one object (absent is fine) and whole prefixes", async () => {
    for (const key of ["c1/backup/b1/a", "c1/backup/b1/sub/b", "c1/backup/b10/c", "c1/wal/x", "c2/backup/b1/a"]) {
      await repo.put(key, Buffer.from(key));
    }
    await repo.remove("c1/wal/x");
    await repo.remove("c1/wal/x");
    await repo.remove("c9/never/existed");
    await expect(repo.remove("c1/backup")).rejects.toThrow(/is a directory, not an object/);
    expect(await repo.stat("c1/wal/x")).toBeNull();

    await repo.removePrefix("c1/backup/b1/");
    expect((await collect(repo.list(""))).map((o) => o.key)).toEqual(["c1/backup/b10/c", "c2/backup/b1/a"]);
    await repo.removePrefix("c1/backup/b1"); // string prefix: takes b10 too
    expect((await collect(repo.list(""))).map((o) => o.key)).toEqual(["c2/backup/b1/a"]);
    await repo.removePrefix("c9/");
    expect(await tree(path.join(root, "c1/backup"))).toEqual([]);
  });

  it("removePrefix at the top level spares the staging area", async () => {
    await repo.put(".wx", Buffer.from("x"));
    const staging = await repo.stagingDir("keep");
    await repo.removePrefix(".w");
    expect(await repo.stat(".wx")).toBeNull();
    expect((await stat(staging.path)).isDirectory()).toBe(true);
    await staging.discard();
  });
});

describe("posix repository: staging directories", () => {
  it("commit moves every file under the prefix and reports sizes and checksums", async () => {
    const staging = await repo.stagingDir("basebackup");
    expect(path.dirname(path.dirname(staging.path))).toBe(root);
    expect((await stat(staging.path)).mode & 0o777).toBe(0o700);
    await mkdir(path.join(staging.path, "pg_wal"), { recursive: true });
    await writeFile(path.join(staging.path, "base.tar"), "base contents");
    await writeFile(path.join(staging.path, "pg_wal/000000010000000000000003"), "wal");
    await writeFile(path.join(staging.path, "backup_manifest"), "{}");

    const stored = await staging.commit("c1/backup/b1/");
    expect(stored).toEqual([
      { key: "c1/backup/b1/backup_manifest", size: 2, sha256: sha256("{}") },
      { key: "c1/backup/b1/base.tar", size: 13, sha256: sha256("base contents") },
      { key: "c1/backup/b1/pg_wal/000000010000000000000003", size: 3, sha256: sha256("wal") },
    ]);
    expect(await readFile(path.join(root, "c1/backup/b1/base.tar"), "utf8")).toBe("base contents");
    await expect(stat(staging.path)).rejects.toMatchObject({ code: "ENOENT" });
    await expect(staging.commit("c1/backup/b2/")).rejects.toThrow(/already committed/);
    await staging.discard(); // harmless
  });

  it("discard removes the directory and everything in it", async () => {
    const a = await repo.stagingDir("dump");
    const b = await repo.stagingDir("dump");
    expect(a.path).not.toBe(b.path);
    await writeFile(path.join(a.path, "x"), "x");
    await a.discard();
    await expect(stat(a.path)).rejects.toMatchObject({ code: "ENOENT" });
    expect((await stat(b.path)).isDirectory()).toBe(true);
    await b.discard();
    expect(await collect(repo.list(""))).toEqual([]);
  });

  it("refuses symbolic links and bad purposes, moving nothing", async () => {
    await expect(repo.stagingDir("../x")).rejects.toThrow(/Invalid staging purpose/);
    const staging = await repo.stagingDir("basebackup");
    await writeFile(path.join(staging.path, "a"), "a");
    await symlink("/etc/passwd", path.join(staging.path, "link"));
    await expect(staging.commit("c1/backup/b1/")).rejects.toThrow(/"link", which is neither a regular file nor a directory/);
    expect(await collect(repo.list("c1/"))).toEqual([]);
    await staging.discard();
  });
});

describe("posix repository: describe and free space", () => {
  it("describes itself and reports free bytes, even before the root exists", async () => {
    expect(repo.describe()).toBe(`posix:${root}`);
    expect(await repo.freeBytes()).toBeGreaterThan(0);
    expect(() => createPosixRepository("relative/path")).toThrow(/absolute path/);
  });
});

describe("allowed repository roots", () => {
  const base = path.join(tmpBase, "roots");
  const allowed = path.join(base, "allowed");
  const outside = path.join(base, "outside");

  beforeEach(async () => {
    await rm(base, { recursive: true, force: true });
    await mkdir(allowed, { recursive: true });
    await mkdir(outside, { recursive: true });
  });

  it("accepts paths inside an allowed root, existing or not, and returns the resolved path", async () => {
    expect(resolveRepositoryRoot(allowed, [allowed])).toBe(allowed);
    expect(resolveRepositoryRoot(`${allowed}/new/repo/`, ["/nonexistent-root", allowed])).toBe(`${allowed}/new/repo`);
    expect(resolveRepositoryRoot(`${allowed}/a/../b`, [allowed])).toBe(`${allowed}/b`);
    // A link inside the allowed root that stays inside it is fine; the result is the real path.
    await mkdir(path.join(allowed, "real"));
    await symlink(path.join(allowed, "real"), path.join(allowed, "alias"));
    expect(resolveRepositoryRoot(`${allowed}/alias/repo`, [allowed])).toBe(`${allowed}/real/repo`);
    // Allowed roots are resolved too.
    await symlink(allowed, path.join(base, "allowed-link"));
    expect(resolveRepositoryRoot(`${allowed}/repo`, [path.join(base, "allowed-link")])).toBe(`${allowed}/repo`);
  });

  it.each([
    ["relative/repo", /Enter an absolute path/],
    ["", /Enter an absolute path/],
  ])("refuses %j", (requested, reason) => {
    expect(() => resolveRepositoryRoot(requested, [allowed])).toThrow(RepositoryRootError);
    expect(() => resolveRepositoryRoot(requested, [allowed])).toThrow(reason);
    expect(() => resolveRepositoryRoot(requested, [allowed])).toThrow(`Allowed locations: ${allowed}.`);
  });

  it("refuses paths outside, '..' escapes, look-alike prefixes and links pointing outside", async () => {
    await symlink(outside, path.join(allowed, "escape"));
    for (const requested of [
      outside,
      `${allowed}/../outside/repo`,
      `${allowed}-evil/repo`,
      `${allowed}/escape`,
      `${allowed}/escape/new/repo`,
      "/",
    ]) {
      expect(() => resolveRepositoryRoot(requested, [allowed, "/srv/backups"]), requested).toThrow(
        `is outside the allowed repository locations. Allowed locations: ${allowed}, /srv/backups.`,
      );
    }
    expect(() => resolveRepositoryRoot(`${allowed}/escape`, [allowed])).toThrow(`(which resolves to ${outside})`);
  });

  it("refuses dangling links and an empty list of allowed roots", async () => {
    await symlink(path.join(outside, "missing"), path.join(allowed, "dangling"));
    expect(() => resolveRepositoryRoot(`${allowed}/dangling/repo`, [allowed])).toThrow(/symbolic link to something that does not exist/);
    expect(() => resolveRepositoryRoot(allowed, [])).toThrow(/No repository locations are allowed/);
  });

  it("checkRepositoryWritable creates the directory, leaves no probe and returns free bytes", async () => {
    const target = path.join(allowed, "new/repo");
    expect(await checkRepositoryWritable(target)).toBeGreaterThan(0);
    expect((await stat(target)).isDirectory()).toBe(true);
    expect(await readdir(target)).toEqual([]);
  });

  it("checkRepositoryWritable says which part of the path is a file", async () => {
    await writeFile(path.join(allowed, "file"), "x");
    for (const target of [path.join(allowed, "file"), path.join(allowed, "file/repo")]) {
      const err = await failure(checkRepositoryWritable(target));
      expect(err).toBeInstanceOf(RepositoryRootError);
      expect(err.message).toBe(`${target} cannot be used: ${path.join(allowed, "file")} is a file, not a directory.`);
    }
    await expect(checkRepositoryWritable("relative")).rejects.toThrow(/absolute path/);
  });
});
