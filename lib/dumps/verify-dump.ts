import fs from "node:fs/promises";
import path from "node:path";
import type { DumpFormat } from "@/lib/domain/dump-args";
import { dumpFileName } from "@/lib/domain/dump-args";
import type { PgBinaries } from "@/lib/pg/binaries";
import { listArchive, readArchiveWhole } from "@/lib/pg/pg-restore";
import { ProcessError } from "@/lib/pg/run-process";
import { NotFoundError, type Repository } from "@/lib/storage/repository";

export interface DumpFileRecord {
  name: string;
  sizeBytes: bigint | number;
  sha256: string;
}

export interface DumpVerification {
  ok: boolean;
  /** What was checked, or every problem found, in words. */
  detail: string;
  /** pg_restore --list output (custom and directory archives that read back whole). */
  tocList: string | null;
}

// The last line pg_dump and pg_dumpall write: a plain dump without it was cut short.
const DUMP_TRAILER = "-- PostgreSQL database dump complete";
const GLOBALS_TRAILER = "-- PostgreSQL database cluster dump complete";

/**
 * Checks the files of the dump stored under `prefix` against the catalog's sizes and SHA-256
 * (unless `files` is null: just written, their checksums were taken on the way in), then reads
 * the archive whole: pg_restore decompresses every block of a custom or directory archive, and a
 * plain script must end with pg_dump's closing line.
 */
export async function checkDumpFiles(opts: {
  repo: Repository;
  prefix: string;
  files: DumpFileRecord[] | null;
  signal?: AbortSignal;
}): Promise<string[]> {
  const problems: string[] = [];
  for (const f of opts.files ?? []) {
    opts.signal?.throwIfAborted();
    try {
      const now = await opts.repo.checksum(`${opts.prefix}${f.name}`, opts.signal);
      if (now.size !== Number(f.sizeBytes))
        problems.push(`${f.name}: ${now.size} bytes, the dump stored ${f.sizeBytes} (cut short or overwritten)`);
      else if (now.sha256 !== f.sha256) problems.push(`${f.name}: contents changed (SHA-256 ${now.sha256}, the dump stored ${f.sha256})`);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      problems.push(`${f.name}: missing from the repository`);
    }
  }
  return problems;
}

export async function verifyDump(opts: {
  repo: Repository;
  prefix: string;
  format: DumpFormat;
  globals: boolean;
  files: DumpFileRecord[] | null;
  bins: PgBinaries;
  signal?: AbortSignal;
}): Promise<DumpVerification> {
  const problems = await checkDumpFiles(opts);
  if (problems.length) return { ok: false, detail: `Checksums do not match: ${problems.join("; ")}`, tocList: null };
  const stored = await opts.repo.materialise(opts.prefix, { signal: opts.signal });
  try {
    return await readDumpBack(opts, stored.path);
  } finally {
    await stored.release();
  }
}

/** The dump's files, as local files in `dir`, read back by the tool that will restore them. */
async function readDumpBack(
  opts: { format: DumpFormat; globals: boolean; files: DumpFileRecord[] | null; bins: PgBinaries; signal?: AbortSignal },
  dir: string,
): Promise<DumpVerification> {
  const archive = path.join(dir, dumpFileName(opts.format));
  const checked = opts.files ? `${opts.files.length} file(s) match their checksums; ` : "";
  const globalsEnd = opts.globals ? await lastLines(path.join(dir, "globals.sql")) : null;
  if (globalsEnd && !globalsEnd.lines.includes(GLOBALS_TRAILER)) {
    return {
      ok: false,
      detail: `globals.sql does not end with pg_dumpall's closing line: it was cut short (${describeEnd(globalsEnd)}).`,
      tocList: null,
    };
  }
  if (opts.format === "plain") {
    const end = await lastLines(archive);
    if (!end.lines.includes(DUMP_TRAILER))
      return {
        ok: false,
        detail: `${dumpFileName("plain")} does not end with pg_dump's closing line: it was cut short (${describeEnd(end)}).`,
        tocList: null,
      };
    return { ok: true, detail: `${checked}the SQL script ends with pg_dump's closing line`, tocList: null };
  }
  try {
    await readArchiveWhole({ bins: opts.bins, archive, signal: opts.signal });
    const tocList = await listArchive({ bins: opts.bins, archive, signal: opts.signal });
    return { ok: true, detail: `${checked}pg_restore read the whole archive`, tocList };
  } catch (err) {
    if (!(err instanceof ProcessError) || err.aborted || err.timedOut) throw err;
    return { ok: false, detail: `pg_restore could not read the whole archive: ${err.stderrTail.trim() || err.message}`, tocList: null };
  }
}

/** The last lines of a text file (up to 4 KiB of it), trimmed; no lines when the file is missing. */
async function lastLines(file: string): Promise<{ size: number | null; lines: string[] }> {
  const handle = await fs.open(file, "r").catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return null;
    throw err;
  });
  if (!handle) return { size: null, lines: [] };
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, 4096);
    const buf = Buffer.alloc(length);
    await handle.read(buf, 0, length, size - length);
    return {
      size,
      lines: buf
        .toString("utf8")
        .trimEnd()
        .split("\n")
        .map((line) => line.trim()),
    };
  } finally {
    await handle.close();
  }
}

function describeEnd(end: { size: number | null; lines: string[] }): string {
  if (end.size === null) return "the file is missing";
  const last = end.lines.filter(Boolean).at(-1);
  return `${end.size} bytes, last line ${last === undefined ? "none" : JSON.stringify(last.slice(0, 120))}`;
}
