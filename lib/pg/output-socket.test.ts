import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openOutputSocket } from "@/lib/pg/output-socket";
import { spawnStream } from "@/lib/pg/spawn-stream";

let work: string;
let file: string;
const data = randomBytes(5 * 1024 * 1024 + 123);

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "output-socket-"));
  file = path.join(work, "data");
  await writeFile(file, data);
});

afterAll(() => rm(work, { recursive: true, force: true }));

const leftovers = async () => (await readdir(os.tmpdir())).filter((n) => n.startsWith("wayback-out-"));

describe("openOutputSocket with spawnStream", () => {
  it("delivers a program's whole output through one reused buffer, then 'end'", async () => {
    const before = await leftovers();
    const buffer = Buffer.alloc(64 * 1024);
    const hash = createHash("sha256");
    let reads = 0;
    const output = await openOutputSocket(buffer, (chunk) => {
      expect(chunk.buffer).toBe(buffer.buffer);
      hash.update(chunk);
      reads++;
      return true;
    });
    // The listening socket and its directory are gone once connected.
    expect(await leftovers()).toEqual(before);
    const proc = spawnStream("cat", [file], { stdout: output });
    expect(proc.stdout).toBe(output.reader);
    await new Promise((resolve) => output.reader.once("end", resolve));
    await proc.exited;
    expect(hash.digest("hex")).toBe(createHash("sha256").update(data).digest("hex"));
    expect(reads).toBeGreaterThanOrEqual(data.length / buffer.length);
  });

  it("pauses while the callback says so and goes on after resume()", async () => {
    const buffer = Buffer.alloc(256 * 1024);
    const hash = createHash("sha256");
    let paused = 0;
    const output = await openOutputSocket(buffer, (chunk) => {
      hash.update(chunk);
      paused++;
      // Whatever holds on to the buffer must be done before the next read overwrites it.
      setTimeout(() => output.reader.resume(), 2);
      return false;
    });
    const proc = spawnStream("cat", [file], { stdout: output });
    await new Promise((resolve) => output.reader.once("end", resolve));
    await proc.exited;
    expect(hash.digest("hex")).toBe(createHash("sha256").update(data).digest("hex"));
    expect(paused).toBeGreaterThan(1);
  });

  it("stop() closes the reader without 'end' and ends the program", async () => {
    const output = await openOutputSocket(Buffer.alloc(4096), () => true);
    let ended = false;
    output.reader.on("end", () => (ended = true));
    const closed = new Promise((resolve) => output.reader.once("close", resolve));
    const proc = spawnStream("cat", ["/dev/zero"], { stdout: output });
    proc.stop();
    await closed;
    await expect(proc.exited).rejects.toMatchObject({ aborted: true });
    expect(ended).toBe(false);
  });
});
