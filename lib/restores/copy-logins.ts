import type { ConnectionTarget } from "@/lib/pg/connect";
import { instanceSocketDir, type InstanceSpec } from "@/lib/pg/instance";
import { copySuperuser } from "@/lib/restores/copy-superuser";
import type { LocalLogin } from "@/lib/restores/watch-recovery";

export interface CopyLogins {
  /** Follows recovery (pg_is_in_recovery, the replay LSN): any role may. */
  watch: LocalLogin;
  /** Reads the whole copy (counts every table): its superuser where Wayback made it. */
  admin: () => Promise<ConnectionTarget>;
}

/**
 * How Wayback logs in to a restored copy. A new instance trusts its private socket, so Wayback
 * acts as the copy's superuser there whatever production's login may do. In place, the cluster
 * keeps production's pg_hba.conf, so Wayback logs in as it does to production: the cluster's own
 * login, with its password, over 127.0.0.1.
 */
export function copyLogins(destination: "new_instance" | "in_place", spec: InstanceSpec, source: ConnectionTarget): CopyLogins {
  if (destination === "in_place") {
    return {
      watch: { user: source.username, password: source.password, database: source.database },
      admin: async () => ({
        host: "127.0.0.1",
        port: spec.port,
        database: source.database,
        username: source.username,
        password: source.password,
        sslmode: "disable",
      }),
    };
  }
  return {
    watch: { host: instanceSocketDir(spec), user: source.username, password: null, database: source.database },
    admin: () => copySuperuser(spec, { user: source.username, database: source.database }),
  };
}
