// How an S3 repository fails, against a real S3-protocol server on loopback (test/harness/s3.ts):
// every failure is an error that names the repository and what to fix, and nothing that failed
// looks complete afterwards. Nothing is mocked.
import { mkdtemp, readdir, rm, truncate, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterAll, describe, expect, it } from "vitest";
import { ChecksumMismatchError, RepositoryAccessError, RepositoryUnreachableError, type Repository } from "@/lib/storage/repository";
import { createS3Repository } from "@/lib/storage/s3";
import { startS3Server, useS3Server, type S3TestServer } from "@/test/harness/s3";
import type { S3Settings } from "@/lib/domain/s3-settings";
import { collect, failure } from "@/test/harness/outcomes";

const tmpBase = await mkdtemp(path.join(os.tmpdir(), "wayback-s3-failures-"));
afterAll(() => rm(tmpBase, { recursive: true, force: true }));
const s3 = useS3Server();

let n = 0;
function open(settings: S3Settings): { repo: Repository; scratch: string } {
  const scratch = path.join(tmpBase, `scratch-${++n}`);
  return { repo: createS3Repository(settings, { scratchDir: scratch }), scratch };
}
/** A repository under a prefix of its own in the file's server; `s3Key` is where the server keeps a key. */
function fresh(): { repo: Repository; s3Key: (key: string) => string } {
  const prefix = `run-${++n}/`;
  return { repo: open(s3().settings(prefix)).repo, s3Key: (key) => `${prefix}${key}` };
}

const keys = async (repo: Repository) => (await collect(repo.list(""))).map((o) => o.key);

/** 1 MiB pieces; `midway` runs before piece `at` is produced (the upload is then in flight). */
async function* pieces(count: number, midway?: { at: number; run: () => Promise<void> }) {
  for (let i = 0; i < count; i++) {
    if (midway && i === midway.at) await midway.run();
    yield Buffer.alloc(1024 * 1024, i % 251);
  }
}

describe("S3 repository failures", () => {
  const SECRET = "not-the-secret-Zq81";

  it("an unknown access key: every operation says the key was refused, and never shows the secret", async () => {
    const { repo } = open({ ...s3().settings("x/"), credentials: { accessKeyId: "NOBODY", secretAccessKey: SECRET } });
    for (const call of [() => repo.put("c1/a", Buffer.from("x")), () => keys(repo), () => repo.get("c1/a")]) {
      const err = await failure(call());
      expect(err).toBeInstanceOf(RepositoryAccessError);
      expect(err.message).toMatch(
        /^s3:\/\/wayback-test\/x\/ at 127\.0\.0\.1:\d+: the access key was refused by 127\.0\.0\.1:\d+ \(InvalidAccessKeyId\)/,
      );
      expect(err.message).toContain("check the repository's access key ID and secret access key");
      expect(err.message).not.toContain(SECRET);
    }
    // HEAD answers carry no error code: the message names the action and the key as suspects.
    const head = await failure(repo.stat("c1/a"));
    expect(head).toBeInstanceOf(RepositoryAccessError);
    expect(head.message).toMatch(/access denied for s3:GetObject on "x\/c1\/a" in bucket "wayback-test".*check the key itself/);
  });

  it("the right access key with a wrong secret: every operation says the key was refused, and nothing is stored", async () => {
    const prefix = `wrong-secret-${++n}/`;
    const { repo } = open({
      ...s3().settings(prefix),
      credentials: { accessKeyId: s3().settings().credentials!.accessKeyId, secretAccessKey: SECRET },
    });
    const multipart = () => repo.put("c1/big", Readable.from(pieces(9))); // more than one 8 MiB part
    for (const call of [() => repo.put("c1/a", Buffer.from("x")), multipart, () => keys(repo), () => repo.get("c1/a")]) {
      const err = await failure(call());
      expect(err).toBeInstanceOf(RepositoryAccessError);
      expect(err.message).toMatch(
        new RegExp(
          `^s3://wayback-test/${prefix} at 127\\.0\\.0\\.1:\\d+: the access key was refused by 127\\.0\\.0\\.1:\\d+ \\(SignatureDoesNotMatch\\)`,
        ),
      );
      expect(err.message).toContain("check the repository's access key ID and secret access key");
      expect(err.message).not.toContain(SECRET);
    }
    // The same prefix through the right secret: nothing arrived, no upload was left open.
    expect(await keys(open(s3().settings(prefix)).repo)).toEqual([]);
    expect(await s3().storedParts()).toBe(0);
  });

  it("a bucket that does not exist: named, with the endpoint, by put, list, get and stat", async () => {
    const { repo } = open({ ...s3().settings(""), bucket: "no-such-bucket" });
    for (const call of [() => repo.put("c1/a", Buffer.from("x")), () => keys(repo), () => repo.get("c1/a"), () => repo.stat("c1/a")]) {
      const err = await failure(call());
      expect(err).toBeInstanceOf(RepositoryAccessError);
      expect(err.message).toMatch(/bucket "no-such-bucket" does not exist at 127\.0\.0\.1:\d+: create it, or correct the bucket name/);
    }
  });

  describe("the server goes away", () => {
    let server: S3TestServer;
    afterAll(() => server?.close());

    it("unreachable: a clear, retryable error naming the endpoint", async () => {
      server = await startS3Server();
      const { repo } = open(server.settings(""));
      await server.stop();
      const err = await failure(repo.put("c1/a", Buffer.from("x")));
      expect(err).toBeInstanceOf(RepositoryUnreachableError);
      expect(err.message).toMatch(
        /cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\): check the endpoint and that the object store is running/,
      );
      await server.start();
    });

    it("stopped in the middle of a multipart upload: the put fails and no object appears", async () => {
      server ??= await startS3Server();
      const { repo, scratch } = open(server.settings(""));
      const put = repo.put("c1/backup/b1/base.tar", Readable.from(pieces(40, { at: 20, run: () => server.stop() })));
      const err = await failure(put);
      expect(err).toBeInstanceOf(RepositoryUnreachableError);
      expect(err.message).toMatch(/cannot reach 127\.0\.0\.1:\d+/);
      await server.start();
      expect(await repo.stat("c1/backup/b1/base.tar")).toBeNull();
      expect(await keys(repo)).toEqual([]);
      expect(await readdir(scratch).catch(() => [])).toEqual([]);
    });

    it("stopped in the middle of a download: the read fails naming the endpoint, and never ends as if complete", async () => {
      server ??= await startS3Server();
      const { repo } = open(server.settings(""));
      await repo.put("c1/backup/b1/base.tar", Readable.from(pieces(40)));
      const reading = (async () => {
        let got = 0;
        for await (const chunk of await repo.get("c1/backup/b1/base.tar")) {
          if (got === 0) await server.stop();
          got += (chunk as Buffer).length;
        }
        return got;
      })();
      const err = await failure(reading);
      expect(err).toBeInstanceOf(RepositoryUnreachableError);
      expect(err.message).toMatch(/cannot reach 127\.0\.0\.1:\d+ \(ECONNRESET\)/);
      await server.start();
    });
  });

  it("an upload aborted by its signal leaves no object", async () => {
    const { repo } = fresh();
    const controller = new AbortController();
    const err = await failure(
      repo.put("c1/backup/b1/base.tar", Readable.from(pieces(40, { at: 20, run: async () => controller.abort() })), {
        signal: controller.signal,
      }),
    );
    expect(err.name).toBe("AbortError");
    expect(await repo.stat("c1/backup/b1/base.tar")).toBeNull();
  });

  it("a truncated object: checksum and a whole read report the sha256 mismatch instead of ending quietly", async () => {
    const { repo, s3Key } = fresh();
    const data = Buffer.alloc(100_000, 7);
    const put = await repo.put("c1/wal/000000010000000000000001", data, { immutable: true });
    await truncate(s3().objectFile(s3Key("c1/wal/000000010000000000000001")), 40_000);

    const err = await failure(repo.checksum("c1/wal/000000010000000000000001"));
    expect(err).toBeInstanceOf(ChecksumMismatchError);
    expect(err.message).toContain(`"c1/wal/000000010000000000000001" in s3://wayback-test/${s3Key("")} at 127.0.0.1:`);
    expect(err.message).toContain(`written with sha256 ${put.sha256}, but now reads as 40000 bytes`);
    await expect(text(await repo.get("c1/wal/000000010000000000000001"))).rejects.toBeInstanceOf(ChecksumMismatchError);
    // Pushing the same segment again does not take the damaged copy for a good one.
    await expect(repo.put("c1/wal/000000010000000000000001", data, { immutable: true })).rejects.toBeInstanceOf(ChecksumMismatchError);
  });

  it("an object replaced behind our back: checksum says so", async () => {
    const { repo, s3Key } = fresh();
    await repo.put("c1/backup/b1/backup_manifest", Buffer.from("the real manifest"));
    await writeFile(s3().objectFile(s3Key("c1/backup/b1/backup_manifest")), "a forged manifest");
    const err = await failure(repo.checksum("c1/backup/b1/backup_manifest"));
    expect(err).toBeInstanceOf(ChecksumMismatchError);
    expect(err.message).toMatch(/is damaged or was replaced: .* now reads as 17 bytes/);
  });

  it("a streamed object records no sha256 up front: checksum reports what is there for the manifest to judge", async () => {
    const { repo, s3Key } = fresh();
    const put = await repo.put("c1/backup/b1/base.tar", Readable.from(pieces(2)));
    await writeFile(s3().objectFile(s3Key("c1/backup/b1/base.tar")), "replaced");
    const now = await repo.checksum("c1/backup/b1/base.tar");
    expect(now.sha256).not.toBe(put.sha256);
    expect(now.size).toBe(8);
  });
});
