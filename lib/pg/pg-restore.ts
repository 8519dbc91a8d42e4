import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { dbnameArg } from "@/lib/domain/dump-args";
import { parsePgRestoreErrors, parsePsqlErrors, type RestoreErrors } from "@/lib/domain/dump-restore-errors";
import type { PgBinaries } from "@/lib/pg/binaries";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { withPgPass } from "@/lib/pg/pgpass";
import { ProcessError, runProcess } from "@/lib/pg/run-process";

/** pg_restore --list: the archive's table of contents (read from its header). */
export async function listArchive(opts: { bins: PgBinaries; archive: string; signal?: AbortSignal }): Promise<string> {
  const program = await opts.bins.path("pg_restore");
  const { stdout } = await runProcess(program, ["--list", opts.archive], { signal: opts.signal });
  return stdout;
}

/**
 * Reads the whole archive, every data block decompressed, into /dev/null: the header alone
 * (--list) says nothing about a dump cut short. Throws the tool's complaint when it cannot.
 */
export async function readArchiveWhole(opts: { bins: PgBinaries; archive: string; signal?: AbortSignal }): Promise<void> {
  const program = await opts.bins.path("pg_restore");
  await runProcess(program, ["--file=/dev/null", opts.archive], { signal: opts.signal });
}

export interface RestoreRun {
  /** Whether the tool finished without reporting any error. */
  ok: boolean;
  errors: RestoreErrors;
}

interface RestoreTarget {
  bins: PgBinaries;
  target: ConnectionTarget;
  database: string;
  signal?: AbortSignal;
}

function connection(t: ConnectionTarget) {
  const args = ["--host", t.host, "--port", String(t.port), "--username", t.username, "--no-password"];
  const passwords = t.password ? [{ host: t.host, port: t.port, user: t.username, password: t.password }] : [];
  return { args, passwords, env: { PGSSLMODE: t.sslmode, PGAPPNAME: "wayback" } };
}

/**
 * pg_restore of a custom or directory archive into `database`. pg_restore carries on past errors
 * (a missing role, an object that exists) and reports them at the end: they are returned, not
 * thrown, so the user sees every one. Only a failure to run at all (no connection, an unreadable
 * archive) throws.
 */
export async function runPgRestore(
  opts: RestoreTarget & {
    archive: string;
    jobs: number;
    noOwner: boolean;
    clean: boolean;
    ifExists: boolean;
    serverMajor: number;
    /** A pg_restore -L file's contents: restore only these entries. */ list?: string;
  },
): Promise<RestoreRun> {
  const program = await opts.bins.pathForServer("pg_restore", opts.serverMajor);
  const conn = connection(opts.target);
  const args = [...conn.args, dbnameArg(opts.database)];
  if (opts.jobs > 1) args.push(`--jobs=${opts.jobs}`);
  // Owners and privileges go together: both name roles the target cluster may not have.
  if (opts.noOwner) args.push("--no-owner", "--no-acl");
  if (opts.clean) args.push("--clean");
  if (opts.clean && opts.ifExists) args.push("--if-exists");
  return withListFile(opts.list, async (list) => {
    if (list) args.push(`--use-list=${list}`);
    args.push(opts.archive);
    try {
      const { stderr } = await withPgPass(conn.passwords, (pass) =>
        runProcess(program, args, { env: { ...conn.env, ...pass }, signal: opts.signal }),
      );
      return { ok: true, errors: parsePgRestoreErrors(stderr) };
    } catch (err) {
      if (!(err instanceof ProcessError) || err.code !== 1 || err.aborted || err.timedOut) throw err;
      const errors = parsePgRestoreErrors(err.stderrTail);
      // Exit 1 with nothing itemised: pg_restore could not start restoring (connection, archive).
      if (errors.count === 0 || !/errors ignored on restore/.test(err.stderrTail)) throw err;
      return { ok: false, errors };
    }
  });
}

/** psql -f of a plain SQL dump; psql reports each failed statement and carries on. */
export async function runPsqlScript(opts: RestoreTarget & { script: string; serverMajor: number }): Promise<RestoreRun> {
  const program = await opts.bins.pathForServer("psql", opts.serverMajor);
  const conn = connection(opts.target);
  const args = [...conn.args, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=0", `--file=${opts.script}`, dbnameArg(opts.database)];
  const { stderr } = await withPgPass(conn.passwords, (pass) =>
    runProcess(program, args, { env: { ...conn.env, ...pass }, signal: opts.signal }),
  );
  const errors = parsePsqlErrors(stderr);
  return { ok: errors.count === 0, errors };
}

async function withListFile<T>(contents: string | undefined, use: (file: string | undefined) => Promise<T>): Promise<T> {
  if (contents === undefined) return use(undefined);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-restore-list-"));
  try {
    const file = path.join(dir, "toc.list");
    await fs.writeFile(file, contents);
    return await use(file);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
