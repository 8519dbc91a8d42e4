import type { Db } from "@/lib/db/client";
import type { Dump } from "@/lib/db/generated/client";
import type { RestoreErrors } from "@/lib/domain/dump-restore-errors";
import { localConnectionString } from "@/lib/domain/local-connection-string";
import { recordDumpRestoreConnection, recordDumpRestoreDiscarded } from "@/lib/dumps/dump-restore-record";
import { makeDumpRestoreInstance, type DumpRestoreInstance } from "@/lib/dumps/make-dump-restore-instance";
import { applyGlobals } from "@/lib/pg/apply-globals";
import type { PgBinaries } from "@/lib/pg/binaries";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { ensureLoginRole } from "@/lib/pg/ensure-login-role";
import type { OsUser } from "@/lib/pg/os-user";
import { UserFacingError } from "@/lib/restores/user-facing-error";

/**
 * A new instance ready for a dump's database: made and started (makeDumpRestoreInstance), the
 * dump's globals.sql applied when it has one (its errors are returned, prefixed, to be reported
 * with the restore's), the source cluster's login given the password Wayback holds for it, and the
 * connection string recorded. A failure removes the instance before it is thrown.
 */
export async function setUpDumpRestoreInstance(
  db: Db,
  opts: {
    dumpRestoreId: string;
    targetDatabase: string;
    dump: Pick<Dump, "pgVersion" | "globals">;
    globalsFile: string;
    source: ConnectionTarget;
    bins: PgBinaries;
    osUser: OsUser | undefined;
    restore: { roots: string[]; ports: { from: number; to: number } };
    signal?: AbortSignal;
    log: (line: string) => Promise<unknown>;
  },
): Promise<{ instance: DumpRestoreInstance; globals: RestoreErrors }> {
  const major = Number.parseInt(opts.dump.pgVersion ?? "", 10);
  if (!Number.isInteger(major))
    throw new UserFacingError(`The catalog does not say which PostgreSQL wrote this dump (version "${opts.dump.pgVersion}").`);
  const instance = await makeDumpRestoreInstance(db, {
    dumpRestoreId: opts.dumpRestoreId,
    major,
    bins: opts.bins,
    osUser: opts.osUser,
    restore: opts.restore,
  });
  await opts.log(`started PostgreSQL ${major} in ${instance.spec.dataDir} on port ${instance.spec.port}`);
  try {
    let globals: RestoreErrors = { count: 0, messages: [] };
    if (opts.dump.globals) {
      const applied = await applyGlobals({
        bins: opts.bins,
        target: instance.superuser,
        serverMajor: major,
        globalsFile: opts.globalsFile,
        signal: opts.signal,
      });
      globals = { count: applied.errors.count, messages: applied.errors.messages.map((m) => `globals.sql: ${m}`) };
      await opts.log(`applied globals.sql with ${globals.count} error(s)`);
    }
    await ensureLoginRole(instance.superuser, { user: opts.source.username, password: opts.source.password });
    await recordDumpRestoreConnection(
      db,
      opts.dumpRestoreId,
      localConnectionString(opts.source.username, instance.spec.port, opts.targetDatabase),
    );
    return { instance, globals };
  } catch (err) {
    await instance.undo();
    await recordDumpRestoreDiscarded(db, opts.dumpRestoreId);
    throw err;
  }
}
