// Finds PostgreSQL programs per major version (Debian layout: <root>/<major>/bin/<program>).
// Client tools must be of the server's major or newer (pg_dump refuses newer servers); programs
// that read a data directory or WAL must match the server's major exactly.
import { constants } from "node:fs";
import { access, readdir, stat } from "node:fs/promises";
import path from "node:path";

export interface PgBinaries {
  /** Installed majors, ascending. */
  majors(): Promise<number[]>;
  /** The program from `major` exactly, or from the newest installed major that has it. */
  path(program: string, opts?: { major?: number }): Promise<string>;
  /** The program to use against a server of `serverMajor`: the newest installed major >= it for
   *  client tools, exactly `serverMajor` for programs that read data directories or WAL. */
  pathForServer(program: string, serverMajor: number): Promise<string>;
}

/** Shipped by Debian's postgresql-<M> package rather than postgresql-client-<M>. */
const SERVER_PACKAGE_PROGRAMS = new Set([
  "initdb",
  "postgres",
  "postmaster",
  "pg_ctl",
  "pg_controldata",
  "pg_resetwal",
  "pg_checksums",
  "pg_rewind",
  "pg_upgrade",
  "pg_waldump",
  "pg_archivecleanup",
  "pgbench",
  "oid2name",
  "vacuumlo",
  "pg_test_fsync",
  "pg_test_timing",
]);

/** Read on-disk formats (control file, pages, WAL) that change between majors. */
const EXACT_MAJOR_PROGRAMS = new Set([
  "initdb",
  "postgres",
  "postmaster",
  "pg_ctl",
  "pg_controldata",
  "pg_resetwal",
  "pg_checksums",
  "pg_rewind",
  "pg_waldump",
]);

export function createPgBinaries(opts: { root?: string; binDir?: string } = {}): PgBinaries {
  const root = opts.root ?? "/usr/lib/postgresql";
  const binDir = opts.binDir;

  // A major counts as installed when its bin directory exists: a client-only install
  // (postgresql-client-<M>) has no pg_ctl but its pg_dump is still the one to use.
  async function majors(): Promise<number[]> {
    let entries: string[];
    try {
      entries = await readdir(root);
    } catch {
      return [];
    }
    const found: number[] = [];
    for (const entry of entries) {
      if (!/^\d+$/.test(entry)) continue;
      if (await isDirectory(path.join(root, entry, "bin"))) found.push(Number(entry));
    }
    return found.sort((a, b) => a - b);
  }

  async function fromOverride(program: string): Promise<string> {
    const file = path.join(binDir!, program);
    if (await isExecutable(file)) return file;
    throw new Error(
      `${program} was not found in the configured PostgreSQL bin directory ${binDir} (${file} is missing or not executable).`,
    );
  }

  async function pick(program: string, candidates: number[], wanted: string, installHint: number | undefined) {
    for (const major of [...candidates].sort((a, b) => b - a)) {
      const file = path.join(root, String(major), "bin", program);
      if (await isExecutable(file)) return file;
    }
    const installed = await majors();
    const pkg = SERVER_PACKAGE_PROGRAMS.has(program) ? "postgresql" : "postgresql-client";
    const hint = installHint === undefined ? `${pkg}-<major>` : `${pkg}-${installHint}`;
    throw new Error(
      `${program} for ${wanted} is not installed (found majors: ${installed.join(", ") || "none"} under ${root}). ` +
        `Install it with: apt-get install ${hint}`,
    );
  }

  return {
    majors,
    async path(program, o = {}) {
      if (binDir) return fromOverride(program);
      if (o.major !== undefined) return pick(program, [o.major], `PostgreSQL ${o.major}`, o.major);
      return pick(program, await majors(), "any PostgreSQL version", undefined);
    },
    async pathForServer(program, serverMajor) {
      if (binDir) return fromOverride(program);
      if (EXACT_MAJOR_PROGRAMS.has(program)) {
        return pick(program, [serverMajor], `PostgreSQL ${serverMajor}`, serverMajor);
      }
      const newer = (await majors()).filter((m) => m >= serverMajor);
      return pick(program, newer, `PostgreSQL ${serverMajor} or newer`, serverMajor);
    },
  };
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function isExecutable(p: string): Promise<boolean> {
  try {
    if (!(await stat(p)).isFile()) return false;
    await access(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
