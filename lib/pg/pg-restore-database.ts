import { majorFromVersionNum } from "@/lib/domain/pg-version";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { withClient } from "@/lib/pg/with-connection";

export class DatabaseExistsError extends Error {
  constructor(readonly database: string) {
    super(
      `Database ${JSON.stringify(database)} already exists on the target cluster. Restore into a new name, or tick "clean" and type its name to restore over it.`,
    );
    this.name = "DatabaseExistsError";
  }
}

/**
 * Makes the database a restore goes into. CREATE DATABASE itself is the check that it is new (no
 * window between looking and creating); an existing one is used only when the user confirmed
 * restoring over it (`overwrite`). Returns whether it was created, and the server's major version.
 */
export async function prepareRestoreDatabase(
  target: ConnectionTarget,
  database: string,
  opts: { overwrite: boolean; signal?: AbortSignal },
): Promise<{ created: boolean; serverMajor: number }> {
  return withClient(
    target,
    async (c) => {
      const { rows } = await c.query<{ v: number }>("SELECT current_setting('server_version_num')::int AS v");
      const serverMajor = majorFromVersionNum(Number(rows[0]!.v));
      try {
        // template0: a template1 with objects of its own would collide with the dump's.
        await c.query(`CREATE DATABASE ${c.escapeIdentifier(database)} TEMPLATE template0`);
        return { created: true, serverMajor };
      } catch (err) {
        if ((err as { code?: string }).code !== "42P04") throw err;
        if (!opts.overwrite) throw new DatabaseExistsError(database);
        return { created: false, serverMajor };
      }
    },
    opts.signal,
  );
}
