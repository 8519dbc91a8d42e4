// Path selection only: the tree holds empty executable files, not PostgreSQL.
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgBinaries } from "@/lib/pg/binaries";

let root: string;

async function fakeProgram(file: string, mode = 0o755) {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, "");
  await chmod(file, mode);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "wayback-bins-"));
  for (const major of [13, 15, 16]) {
    await fakeProgram(path.join(root, String(major), "bin", "pg_ctl"));
    await fakeProgram(path.join(root, String(major), "bin", "pg_dump"));
  }
  await fakeProgram(path.join(root, "13", "bin", "only13"));
  await fakeProgram(path.join(root, "16", "bin", "not-executable"), 0o644);
  // Client-only install: no pg_ctl, but its client tools count.
  await fakeProgram(path.join(root, "17", "bin", "pg_dump"));
  // Noise that must not count as majors.
  await mkdir(path.join(root, "common", "bin"), { recursive: true });
  await mkdir(path.join(root, "14"), { recursive: true });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("createPgBinaries", () => {
  it("lists installed majors in ascending order", async () => {
    expect(await createPgBinaries({ root }).majors()).toEqual([13, 15, 16, 17]);
  });

  it("returns no majors for a missing root", async () => {
    expect(await createPgBinaries({ root: path.join(root, "nope") }).majors()).toEqual([]);
  });

  it("picks the newest major that has the program", async () => {
    const bins = createPgBinaries({ root });
    expect(await bins.path("pg_dump")).toBe(path.join(root, "17", "bin", "pg_dump"));
    expect(await bins.path("pg_ctl")).toBe(path.join(root, "16", "bin", "pg_ctl"));
    expect(await bins.path("only13")).toBe(path.join(root, "13", "bin", "only13"));
  });

  it("picks the exact major when asked", async () => {
    const bins = createPgBinaries({ root });
    expect(await bins.path("pg_ctl", { major: 15 })).toBe(path.join(root, "15", "bin", "pg_ctl"));
    await expect(bins.path("pg_ctl", { major: 14 })).rejects.toThrow(
      "pg_ctl for PostgreSQL 14 is not installed (found majors: 13, 15, 16, 17 under " +
        root +
        "). Install it with: apt-get install postgresql-14",
    );
  });

  it("uses the newest client tools at or above the server's major", async () => {
    const bins = createPgBinaries({ root });
    expect(await bins.pathForServer("pg_dump", 14)).toBe(path.join(root, "17", "bin", "pg_dump"));
    expect(await bins.pathForServer("pg_dump", 17)).toBe(path.join(root, "17", "bin", "pg_dump"));
    // only13 exists, but only for an older major than the server's.
    await expect(bins.pathForServer("only13", 14)).rejects.toThrow(/only13 for PostgreSQL 14 or newer is not installed/);
  });

  it("requires the exact major for programs that read data directories", async () => {
    const bins = createPgBinaries({ root });
    expect(await bins.pathForServer("pg_ctl", 15)).toBe(path.join(root, "15", "bin", "pg_ctl"));
    await expect(bins.pathForServer("pg_ctl", 14)).rejects.toThrow(
      /pg_ctl for PostgreSQL 14 is not installed .* Install it with: apt-get install postgresql-14$/,
    );
  });

  it("names the client package for a missing client tool", async () => {
    const bins = createPgBinaries({ root });
    await expect(bins.pathForServer("pg_basebackup", 18)).rejects.toThrow(
      "pg_basebackup for PostgreSQL 18 or newer is not installed (found majors: 13, 15, 16, 17 under " +
        root +
        "). " +
        "Install it with: apt-get install postgresql-client-18",
    );
  });

  it("does not return a file that is not executable", async () => {
    await expect(createPgBinaries({ root }).path("not-executable")).rejects.toThrow(
      /not-executable for any PostgreSQL version is not installed/,
    );
  });

  it("always uses the override directory when binDir is set", async () => {
    const binDir = path.join(root, "13", "bin");
    const bins = createPgBinaries({ root, binDir });
    expect(await bins.path("pg_ctl")).toBe(path.join(binDir, "pg_ctl"));
    expect(await bins.path("pg_ctl", { major: 16 })).toBe(path.join(binDir, "pg_ctl"));
    expect(await bins.pathForServer("pg_dump", 17)).toBe(path.join(binDir, "pg_dump"));
    await expect(bins.path("psql")).rejects.toThrow(`psql was not found in the configured PostgreSQL bin directory ${binDir}`);
  });
});
