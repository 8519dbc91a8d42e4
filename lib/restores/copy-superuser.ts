import type { ConnectionTarget } from "@/lib/pg/connect";
import { instanceSocketDir, type InstanceSpec } from "@/lib/pg/instance";
import { withConnection } from "@/lib/pg/with-connection";

/**
 * A restored copy's bootstrap superuser over the copy's private socket, without a password. Copies
 * Wayback makes trust logins on that socket only (adoptDataDirectory's "trust-socket"), and its
 * directory only the server's OS user and root can enter; so counting rows and checks work
 * whatever production's login may do (a least-privilege role may not read every table). Any role
 * of the copy tells the superuser's name.
 */
export async function copySuperuser(spec: InstanceSpec, anyRole: { user: string; database: string }): Promise<ConnectionTarget> {
  const host = instanceSocketDir(spec);
  const name = await withConnection(
    { host, port: spec.port, user: anyRole.user, database: anyRole.database, connectionTimeoutMillis: 10_000 },
    async (c) => {
      const { rows } = await c.query<{ name: string }>("SELECT rolname AS name FROM pg_roles WHERE oid = 10");
      return rows[0]!.name;
    },
  );
  return { host, port: spec.port, database: anyRole.database, username: name, password: null, sslmode: "disable" };
}
