import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { globalsWithoutTablespaces, withoutOwnSuperuserError } from "@/lib/domain/dump-globals";
import type { PgBinaries } from "@/lib/pg/binaries";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { runPsqlScript, type RestoreRun } from "@/lib/pg/pg-restore";

/**
 * A dump's globals.sql (roles, their memberships and settings; not tablespaces) into a new
 * instance with psql, as its superuser. psql carries on past a failed statement: every error is
 * returned, as pg_restore's are, except the expected one for the instance's own superuser.
 */
export async function applyGlobals(opts: {
  bins: PgBinaries;
  target: ConnectionTarget;
  serverMajor: number;
  globalsFile: string;
  signal?: AbortSignal;
}): Promise<RestoreRun> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-globals-"));
  try {
    const script = path.join(dir, "globals.sql");
    await fs.writeFile(script, globalsWithoutTablespaces(await fs.readFile(opts.globalsFile, "utf8")), { mode: 0o600 });
    const run = await runPsqlScript({
      bins: opts.bins,
      target: opts.target,
      database: "postgres",
      serverMajor: opts.serverMajor,
      script,
      signal: opts.signal,
    });
    const errors = withoutOwnSuperuserError(run.errors, opts.target.username);
    return { ok: errors.count === 0, errors };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
