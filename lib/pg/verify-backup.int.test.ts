import { createWriteStream } from "node:fs";
import { chown, copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, truncate, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipeline } from "node:stream/promises";
import { BACKUP_MANIFEST, runBaseBackup, tablespaceOids, WAL_ARCHIVE, type CompressionMethod } from "@/lib/pg/basebackup";
import { runProcess } from "@/lib/pg/run-process";
import { verifyTarBackup } from "@/lib/pg/verify-backup";
import { testBinaries, testServerUser, useTestCluster } from "@/test/harness/cluster";

const source = useTestCluster();
const SERVER_MAJOR = 15;
let work: string;
let good: string; // a zstd backup with a tablespace, never modified
let relation: string; // a table's main fork in base.tar, e.g. base/5/16385
let tablespaceOid: string;

/** A backup as files in one directory: the streamed archives written out, pg_basebackup's own files moved beside them. */
async function backup(compression: CompressionMethod): Promise<string> {
  const c = source();
  const dir = path.join(work, `backup-${compression}-${Date.now()}`);
  const target = {
    host: c.host,
    port: c.port,
    database: "postgres",
    username: c.superuser,
    password: c.password,
    sslmode: "disable",
  } as const;
  await mkdir(dir);
  const { outDir } = await runBaseBackup({
    bins: testBinaries(),
    serverMajor: SERVER_MAJOR,
    target,
    dir,
    label: "verify-test",
    compression,
    tablespaceOids: await tablespaceOids(target),
    onArchive: (name, data) => pipeline(data, createWriteStream(path.join(dir, name))),
  });
  for (const f of [WAL_ARCHIVE, BACKUP_MANIFEST]) await rename(path.join(outDir, f), path.join(dir, f));
  await rm(outDir, { recursive: true });
  return dir;
}

function verify(backupDir: string, signal?: AbortSignal): Promise<string> {
  return verifyTarBackup({ bins: testBinaries(), serverMajor: SERVER_MAJOR, backupDir, scratchDir: `${backupDir}.scratch`, signal });
}

/** A copy of the good backup to damage. */
async function copyOfGood(): Promise<string> {
  const dir = await mkdtemp(path.join(work, "copy-"));
  for (const f of await readdir(good)) await copyFile(path.join(good, f), path.join(dir, f));
  return dir;
}

/** Decompresses base.tar.zst, lets `edit` change base.tar, compresses it again. */
async function editBaseTar(dir: string, edit: (tarFile: string) => Promise<void>): Promise<void> {
  const zst = path.join(dir, "base.tar.zst");
  const tarFile = path.join(dir, "base.tar");
  await runProcess("zstd", ["-q", "-d", "-f", "-o", tarFile, zst]);
  await edit(tarFile);
  await runProcess("zstd", ["-q", "-f", "--rm", "-o", zst, tarFile]);
}

/** Where a member's data starts in an uncompressed ustar archive (read independently of the code under test). */
function memberData(tar: Buffer, name: string): { offset: number; size: number } {
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, len: number) =>
      header
        .subarray(from, from + len)
        .toString("latin1")
        .replace(/\0.*$/s, "");
    const prefix = field(345, 155);
    const member = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 12).trim() || "0", 8);
    if (member === name) return { offset: at + 512, size };
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${name} is not in the archive`);
}

/** pg_verifybackup itself, on a plain copy extracted from the tar files: the reference. */
async function pgVerifyBackupOnExtractedCopy(backupDir: string): Promise<{ ok: boolean; output: string }> {
  const plain = await mkdtemp(path.join(work, "plain-"));
  try {
    for (const f of await readdir(backupDir)) {
      const m = /^(.*)\.tar(\.zst)?$/.exec(f);
      if (!m) continue;
      const into = m[1] === "base" ? plain : m[1] === "pg_wal" ? path.join(plain, "pg_wal") : path.join(plain, "pg_tblspc", m[1]!);
      await mkdir(into, { recursive: true });
      await runProcess("tar", [...(m[2] ? ["--use-compress-program=zstd -d"] : []), "-x", "-f", path.join(backupDir, f), "-C", into]);
    }
    await copyFile(path.join(backupDir, "backup_manifest"), path.join(plain, "backup_manifest"));
    const program = await testBinaries().pathForServer("pg_verifybackup", SERVER_MAJOR);
    try {
      const { stdout } = await runProcess(program, [plain]);
      return { ok: true, output: stdout.trim() };
    } catch (err) {
      return { ok: false, output: (err as Error).message };
    }
  } finally {
    await rm(plain, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "wayback-verify-"));
  const c = source();
  // A tablespace, so the backup has a <oid>.tar.zst whose paths live under pg_tblspc/<oid>/.
  const location = path.join(work, "tablespace");
  await mkdir(location, { mode: 0o700 });
  const osUser = await testServerUser();
  if (osUser) {
    await chown(work, osUser.uid, osUser.gid);
    await chown(location, osUser.uid, osUser.gid);
  }
  await c.query(`CREATE TABLESPACE verify_ts LOCATION '${location}'`);
  await c.query("CREATE TABLE accounts (id int PRIMARY KEY, note text)");
  await c.query("INSERT INTO accounts SELECT g, repeat('x', 100) FROM generate_series(1, 5000) g");
  await c.query("CREATE TABLE elsewhere (id int) TABLESPACE verify_ts");
  await c.query("INSERT INTO elsewhere SELECT generate_series(1, 1000)");
  relation = (await c.query("SELECT pg_relation_filepath('accounts') AS p")).rows[0].p as string;
  tablespaceOid = String((await c.query("SELECT oid FROM pg_tablespace WHERE spcname = 'verify_ts'")).rows[0].oid);
  good = await backup("zstd");
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("verifyTarBackup", () => {
  it("verifies a good backup, and pg_verifybackup on an extracted copy agrees", async () => {
    expect((await readdir(good)).sort()).toEqual([`${tablespaceOid}.tar.zst`, "backup_manifest", "base.tar.zst", "pg_wal.tar"]);
    const summary = await verify(good);
    expect(summary).toMatch(
      /^backup successfully verified: \d+ files, [\d.]+ MB, WAL [0-9A-F]+\/[0-9A-F]+–[0-9A-F]+\/[0-9A-F]+ on timeline 1$/,
    );
    await expect(stat(`${good}.scratch`)).rejects.toThrow(/ENOENT/); // the WAL scratch dir is gone
    expect(await pgVerifyBackupOnExtractedCopy(good)).toEqual({ ok: true, output: "backup successfully verified" });
  });

  it("verifies gzip and uncompressed backups too", async () => {
    for (const compression of ["gzip", "none"] as const) {
      const dir = await backup(compression);
      expect((await readdir(dir)).filter((f) => f.startsWith("base."))).toEqual([compression === "gzip" ? "base.tar.gz" : "base.tar"]);
      expect(await verify(dir)).toMatch(/^backup successfully verified: /);
    }
  });

  it("names the file whose bytes changed (checksum mismatch), as pg_verifybackup does", async () => {
    const dir = await copyOfGood();
    await editBaseTar(dir, async (tarFile) => {
      const tar = await readFile(tarFile);
      const { offset, size } = memberData(tar, relation);
      expect(size).toBeGreaterThan(8192);
      tar[offset + 8192 + 4000]! ^= 0xff; // inside the second page's tuples
      await writeFile(tarFile, tar);
    });
    await expect(verify(dir)).rejects.toThrow(
      new RegExp(
        `^backup verification failed: 1 problem\\nchecksum mismatch for file "${relation}" \\(CRC32C [0-9a-f]{8} in base\\.tar\\.zst, [0-9a-f]{8} in the manifest\\)$`,
      ),
    );
    const reference = await pgVerifyBackupOnExtractedCopy(dir);
    expect(reference.ok).toBe(false);
    expect(reference.output).toContain(`checksum mismatch for file "${relation}"`);
  });

  it("reports a file the manifest lists but the tar lacks as missing", async () => {
    const dir = await copyOfGood();
    await editBaseTar(dir, (tarFile) => runProcess("tar", ["--delete", "-f", tarFile, relation]).then(() => undefined));
    await expect(verify(dir)).rejects.toThrow(`"${relation}" is present in the manifest but missing from the backup`);
  });

  it("reports a file the manifest does not list", async () => {
    const dir = await copyOfGood();
    const extra = await mkdtemp(path.join(work, "extra-"));
    await mkdir(path.join(extra, "base", "5"), { recursive: true });
    await writeFile(path.join(extra, "base", "5", "99999"), "not from the server");
    await editBaseTar(dir, (tarFile) => runProcess("tar", ["-r", "-f", tarFile, "-C", extra, "base/5/99999"]).then(() => undefined));
    await expect(verify(dir)).rejects.toThrow('"base/5/99999" is present in base.tar.zst but not in the manifest');
  });

  it("reports a file of the wrong size in a tablespace's archive", async () => {
    const dir = await copyOfGood();
    const zst = path.join(dir, `${tablespaceOid}.tar.zst`);
    const tarFile = path.join(dir, `${tablespaceOid}.tar`);
    await runProcess("zstd", ["-q", "-d", "-f", "-o", tarFile, zst]);
    const grown = await mkdtemp(path.join(work, "grown-"));
    const members = (await runProcess("tar", ["-t", "-f", tarFile])).stdout.split("\n").filter((n) => /\/\d+$/.test(n));
    const victim = members[0]!;
    await runProcess("tar", ["-x", "-f", tarFile, "-C", grown, victim]);
    await writeFile(path.join(grown, victim), Buffer.alloc(8192), { flag: "a" });
    await runProcess("tar", ["--delete", "-f", tarFile, victim]);
    await runProcess("tar", ["-r", "-f", tarFile, "-C", grown, victim]);
    await runProcess("zstd", ["-q", "-f", "--rm", "-o", zst, tarFile]);
    await expect(verify(dir)).rejects.toThrow(
      new RegExp(`"pg_tblspc/${tablespaceOid}/${victim}" has size \\d+ in ${tablespaceOid}\\.tar\\.zst but size \\d+ in the manifest`),
    );
  });

  it("fails clearly on a truncated base.tar.zst", async () => {
    const dir = await copyOfGood();
    const zst = path.join(dir, "base.tar.zst");
    await truncate(zst, Math.floor((await stat(zst)).size / 2));
    await expect(verify(dir)).rejects.toThrow(
      /^backup verification failed: 1 problem\nbase\.tar\.zst could not be decompressed: zstd exited with status 1: .*/,
    );
  });

  it("refuses a manifest whose checksum does not match", async () => {
    const dir = await copyOfGood();
    const file = path.join(dir, "backup_manifest");
    const manifest = await readFile(file, "utf8");
    await writeFile(
      file,
      manifest.replace(/"Size": (\d)/, (_, d: string) => `"Size": ${(Number(d) + 1) % 10}`),
    );
    await expect(verify(dir)).rejects.toThrow(/^backup verification failed: 1 problem\nmanifest checksum mismatch/);
  });

  it("reports WAL that pg_waldump cannot read when pg_wal.tar lacks a segment", async () => {
    const dir = await copyOfGood();
    const walTar = path.join(dir, "pg_wal.tar");
    const segments = (await runProcess("tar", ["-t", "-f", walTar])).stdout.split("\n").filter((n) => /^[0-9A-F]{24}$/.test(n));
    expect(segments.length).toBeGreaterThan(0);
    await runProcess("tar", ["--delete", "-f", walTar, segments[0]!]);
    await expect(verify(dir)).rejects.toThrow(
      /^backup verification failed: 1 problem\nWAL parsing failed for timeline 1: pg_waldump: error: .*/,
    );
  });

  it("stops when aborted and leaves no scratch directory", async () => {
    const controller = new AbortController();
    const running = verify(good, controller.signal);
    setTimeout(() => controller.abort(new Error("shutting down")), 20);
    await expect(running).rejects.toThrow(/shutting down|aborted/);
    await expect(stat(`${good}.scratch`)).rejects.toThrow(/ENOENT/);
  });
});
