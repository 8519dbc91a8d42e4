// A restore unpacks its base backup with tar and a decompressor. Like every program the worker
// starts (decision 0010) they must get only the allowlisted environment, never the worker's
// DATABASE_URL, REDIS_URL or WAYBACK_* secrets, and run in a process group of their own that a
// reaper can end when the worker dies.
import { execFileSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createPosixRepository } from "@/lib/storage/posix";
import { extractBackup } from "@/lib/restores/extract-backup";
import { makeRecordingBinDir } from "@/test/harness/recording-bin-dir";

let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-extract-"));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await fs.rm(dir, { recursive: true, force: true });
});

it("runs tar and zstd with the allowlisted environment only, each in a process group of its own", async () => {
  // A stored backup: base.tar.zst (through zstd) and pg_wal.tar (tar alone).
  const data = path.join(dir, "data-in");
  await fs.mkdir(path.join(data, "global"), { recursive: true });
  await fs.writeFile(path.join(data, "PG_VERSION"), "15\n");
  await fs.writeFile(path.join(data, "global", "pg_control"), "control");
  const wal = path.join(dir, "wal-in");
  await fs.mkdir(wal);
  await fs.writeFile(path.join(wal, "000000010000000000000002"), "wal");
  const stored = path.join(dir, "repo", "backup");
  await fs.mkdir(stored, { recursive: true });
  execFileSync("tar", ["-c", "-f", path.join(dir, "base.tar"), "-C", data, "."]);
  execFileSync("zstd", ["-q", path.join(dir, "base.tar"), "-o", path.join(stored, "base.tar.zst")]);
  execFileSync("tar", ["-c", "-f", path.join(stored, "pg_wal.tar"), "-C", wal, "."]);

  // tar and zstd as found on PATH, each recording its environment and process group.
  const real = path.join(dir, "real");
  await fs.mkdir(real);
  for (const program of ["tar", "zstd"])
    await fs.symlink(execFileSync("which", [program], { encoding: "utf8" }).trim(), path.join(real, program));
  const recording = await makeRecordingBinDir(path.join(dir, "recorded"), real);
  vi.stubEnv("PATH", `${recording.binDir}:/usr/local/bin:/usr/bin:/bin`);
  // What a worker's environment holds.
  vi.stubEnv("DATABASE_URL", "postgresql://wayback:catalog-secret@127.0.0.1/wayback");
  vi.stubEnv("REDIS_URL", "redis://:redis-secret@127.0.0.1:6379");
  vi.stubEnv("WAYBACK_SECRET_KEY", "00".repeat(32));

  const into = path.join(dir, "data-out");
  await extractBackup({
    repo: createPosixRepository(path.join(dir, "repo")),
    prefix: "backup/",
    files: [{ name: "base.tar.zst" }, { name: "pg_wal.tar" }],
    dataDir: into,
  });
  expect(await fs.readFile(path.join(into, "global", "pg_control"), "utf8")).toBe("control");
  expect(await fs.readFile(path.join(into, "pg_wal", "000000010000000000000002"), "utf8")).toBe("wal");

  const runs = await recording.runs();
  expect(runs.map((r) => r.program).sort()).toEqual(["tar", "tar", "zstd"]);
  for (const run of runs) {
    expect(
      Object.keys(run.env).filter((k) => k === "DATABASE_URL" || k === "REDIS_URL" || k.startsWith("WAYBACK_")),
      run.program,
    ).toEqual([]);
    expect(run.processGroup, `${run.program} leads its own process group`).toBe(run.pid);
  }
});

it("unpacks an archive whose end marker comes long before the end of the stream (padding, as tar and pg_basebackup write)", async () => {
  // tar stops reading at the end-of-archive blocks; what follows (padding to a record, here 4 MiB
  // of zeros) must not break the pipe and fail the restore.
  const data = path.join(dir, "padded-in");
  await fs.mkdir(data);
  await fs.writeFile(path.join(data, "PG_VERSION"), "15\n");
  const stored = path.join(dir, "padded-repo", "backup");
  await fs.mkdir(stored, { recursive: true });
  const tarFile = path.join(dir, "padded.tar");
  execFileSync("tar", ["-c", "-f", tarFile, "-C", data, "PG_VERSION"]);
  await fs.appendFile(tarFile, Buffer.alloc(4 * 1024 * 1024));
  execFileSync("zstd", ["-q", tarFile, "-o", path.join(stored, "base.tar.zst")]);
  await fs.copyFile(tarFile, path.join(stored, "pg_wal.tar"));

  const into = path.join(dir, "padded-out");
  await extractBackup({
    repo: createPosixRepository(path.join(dir, "padded-repo")),
    prefix: "backup/",
    files: [{ name: "base.tar.zst" }, { name: "pg_wal.tar" }],
    dataDir: into,
  });
  expect(await fs.readFile(path.join(into, "PG_VERSION"), "utf8")).toBe("15\n");
  expect(await fs.readFile(path.join(into, "pg_wal", "PG_VERSION"), "utf8")).toBe("15\n");
});
