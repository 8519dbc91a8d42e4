// Real files in a temporary scratch directory.
import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { afterAll, describe, expect, it } from "vitest";
import { spool } from "@/lib/storage/spool";
import { failure } from "@/test/harness/outcomes";

const scratchDir = await mkdtemp(path.join(os.tmpdir(), "wayback-spool-"));
afterAll(() => rm(scratchDir, { recursive: true, force: true }));
const sha256 = (data: string) => createHash("sha256").update(data).digest("hex");

describe("spool", () => {
  it("keeps a source that fits in memory there: no file is made", async () => {
    const spooled = await spool(Readable.from(["wal ", "segment"]), { scratchDir, inMemoryMax: 11 });
    expect(spooled).toMatchObject({ size: 11, sha256: sha256("wal segment") });
    expect(spooled.body()).toEqual(Buffer.from("wal segment"));
    expect(await readdir(scratchDir)).toEqual([]);
    await spooled.release();
  });

  it("moves a larger source to a private scratch file, readable as often as needed, removed on release", async () => {
    const spooled = await spool(Readable.from(["0123456789", "abcdefghij", "KLM"]), { scratchDir, inMemoryMax: 12 });
    expect(spooled).toMatchObject({ size: 23, sha256: sha256("0123456789abcdefghijKLM") });
    const [dir] = await readdir(scratchDir);
    expect(dir).toMatch(/^put-/);
    for (let i = 0; i < 2; i++) expect((await buffer(spooled.body() as Readable)).toString()).toBe("0123456789abcdefghijKLM");
    await spooled.release();
    expect(await readdir(scratchDir)).toEqual([]);
  });

  it("a failing source leaves no file and reports the source's error", async () => {
    async function* broken() {
      yield Buffer.alloc(20);
      throw new Error("the tool died");
    }
    const err = await failure(spool(Readable.from(broken()), { scratchDir, inMemoryMax: 4 }));
    expect(err.message).toBe("the tool died");
    expect(await readdir(scratchDir)).toEqual([]);
  });
});
