// An encrypted repository over a real posix repository in a temporary directory; nothing is mocked.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { CHUNK_SIZE, encryptedSize } from "@/lib/domain/encrypted-format";
import { encryptedRepository, UndecryptableObjectError } from "@/lib/storage/encrypted";
import { createPosixRepository } from "@/lib/storage/posix";
import { ImmutableConflictError, type Repository } from "@/lib/storage/repository";
import { fetchWalFile } from "@/lib/wal/fetch-wal-file";

const tmpBase = await mkdtemp(path.join(os.tmpdir(), "wayback-encrypted-"));
afterAll(() => rm(tmpBase, { recursive: true, force: true }));

const MARKER = Buffer.from("marker-7d3e91-plaintext-row");
const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const dataKey = randomBytes(32);

let root: string;
let plainRepo: Repository;
let repo: Repository;
let n = 0;
beforeEach(() => {
  root = path.join(tmpBase, `repo-${++n}`);
  plainRepo = createPosixRepository(root);
  repo = encryptedRepository(plainRepo, dataKey);
});

/** Every stored file's bytes, concatenated: what a thief of the disk or bucket gets. */
async function storedBytes(): Promise<Buffer> {
  const files = (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  return Buffer.concat(await Promise.all(files.map((e) => readFile(path.join(e.parentPath, e.name)))));
}

async function listed(r: Repository): Promise<{ key: string; size: number }[]> {
  const out = [];
  for await (const o of r.list("c/")) out.push(o);
  return out;
}

describe("encrypted repository", () => {
  const data = Buffer.concat([randomBytes(CHUNK_SIZE + 999), MARKER, randomBytes(100)]);

  it("stores no plaintext, reports the plaintext's size and sha256, and reads back what was put", async () => {
    const put = await repo.put("c/backup/b1/base.tar", Readable.from([data]));
    expect(put).toMatchObject({ size: data.length, sha256: sha256(data), alreadyPresent: false });
    expect((await storedBytes()).includes(MARKER)).toBe(false);
    expect((await plainRepo.stat("c/backup/b1/base.tar"))!.size).toBe(encryptedSize(data.length));
    expect((await buffer(await repo.get("c/backup/b1/base.tar"))).equals(data)).toBe(true);
    expect(await repo.checksum("c/backup/b1/base.tar")).toEqual({ key: "c/backup/b1/base.tar", size: data.length, sha256: sha256(data) });
    expect((await repo.stat("c/backup/b1/base.tar"))!.size).toBe(data.length);
    expect(await listed(repo)).toEqual([{ key: "c/backup/b1/base.tar", size: data.length }]);
    expect(
      (await buffer(await repo.get("c/backup/b1/base.tar", { start: CHUNK_SIZE + 999 }))).subarray(0, MARKER.length).equals(MARKER),
    ).toBe(true);
  });

  it("the same bytes unencrypted are found by the same grep (so the test above can fail)", async () => {
    await plainRepo.put("c/backup/b1/base.tar", data);
    expect((await storedBytes()).includes(MARKER)).toBe(true);
  });

  it("immutable puts compare plaintexts: the same contents succeed, others fail and leave the object as it was", async () => {
    await repo.put("c/wal/000000010000000000000001", data, { immutable: true });
    expect(await repo.put("c/wal/000000010000000000000001", data, { immutable: true })).toMatchObject({
      alreadyPresent: true,
      sha256: sha256(data),
    });
    const other = randomBytes(100);
    await expect(repo.put("c/wal/000000010000000000000001", other, { immutable: true })).rejects.toThrow(ImmutableConflictError);
    expect((await repo.checksum("c/wal/000000010000000000000001")).sha256).toBe(sha256(data));
  });

  it("a staging directory's files are stored encrypted with their plaintext checksums", async () => {
    const staging = await repo.stagingDir("backup-test");
    expect(path.relative(root, staging.path).startsWith("..")).toBe(true); // plaintext never lands in the repository
    await mkdir(path.join(staging.path, "pg_wal"));
    await writeFile(path.join(staging.path, "base.tar"), data);
    await writeFile(path.join(staging.path, "pg_wal", "x"), MARKER);
    const stored = await staging.commit("c/backup/b2");
    expect(stored.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: "c/backup/b2/base.tar", size: data.length, sha256: sha256(data) },
      { key: "c/backup/b2/pg_wal/x", size: MARKER.length, sha256: sha256(MARKER) },
    ]);
    expect((await storedBytes()).includes(MARKER)).toBe(false);
    expect((await buffer(await repo.get("c/backup/b2/pg_wal/x"))).equals(MARKER)).toBe(true);
  });

  it("materialise decrypts into scratch space and release removes it", async () => {
    await repo.put("c/dump/d1/toc.dat", data);
    await repo.put("c/dump/d1/sub/1.dat", MARKER);
    const copy = await repo.materialise("c/dump/d1/");
    expect((await readFile(path.join(copy.path, "toc.dat"))).equals(data)).toBe(true);
    expect((await readFile(path.join(copy.path, "sub", "1.dat"))).equals(MARKER)).toBe(true);
    await copy.release();
    expect((await storedBytes()).includes(MARKER)).toBe(false);
  });

  it("a wrong data key fails with a message naming the repository and the object", async () => {
    await repo.put("c/backup/b1/base.tar", data);
    const wrong = encryptedRepository(plainRepo, randomBytes(32));
    const err = await wrong.checksum("c/backup/b1/base.tar").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UndecryptableObjectError);
    expect((err as Error).message).toContain(`"c/backup/b1/base.tar" in encrypted posix:${root}`);
    expect((err as Error).message).toMatch(/not with this repository's key/);
  });

  it("an object altered or cut short on disk fails to read", async () => {
    await repo.put("c/backup/b1/base.tar", data);
    const file = path.join(root, "c", "backup", "b1", "base.tar");
    const stored = await readFile(file);
    await writeFile(file, stored.subarray(0, stored.length - 100));
    await expect(repo.checksum("c/backup/b1/base.tar")).rejects.toThrow(/altered, truncated or reordered/);
    stored[stored.length - 5]! ^= 1;
    await writeFile(file, stored);
    await expect(buffer(await repo.get("c/backup/b1/base.tar"))).rejects.toThrow(UndecryptableObjectError);
  });

  it("wal-fetch, which holds no key, refuses an encrypted history file rather than hand it to recovery", async () => {
    await repo.put("c/wal/00000002.history", Buffer.from("1\t0/3000000\tno recovery target specified\n"));
    const destPath = path.join(tmpBase, `fetched-${n}`);
    await expect(fetchWalFile({ repo: plainRepo, clusterId: "c", name: "00000002.history", destPath })).rejects.toThrow(
      /is stored encrypted .* wal-fetch holds no key/,
    );
    await expect(readFile(destPath)).rejects.toThrow(/ENOENT/);
    expect((await fetchWalFile({ repo, clusterId: "c", name: "00000002.history", destPath })).size).toBe(41);
  });
});
