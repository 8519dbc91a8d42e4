import { resolveServerUser, type OsUser } from "@/lib/pg/os-user";

/** The embedded catalog's own OS user, unless WAYBACK_CATALOG_OS_USER names another. */
const DEFAULT_CATALOG_OS_USER = "wayback-catalog";

/**
 * The OS user the embedded catalog's server runs as. Never the one that runs the clusters'
 * servers and restored copies: a copy's superuser comes with the backup and can read and write
 * any file that OS user can (pg_read_binary_file, COPY … TO), so sharing it would hand them the
 * catalog (docs/decisions/0011). Undefined when we are not root: every server then runs as us.
 */
export async function resolveCatalogUser(name: string | undefined, servers: OsUser | undefined): Promise<OsUser | undefined> {
  const chosen = name || DEFAULT_CATALOG_OS_USER;
  const user = await resolveServerUser(chosen, {
    variable: "WAYBACK_CATALOG_OS_USER",
    home: "/var/lib/wayback-catalog",
    defaultName: DEFAULT_CATALOG_OS_USER,
  });
  if (user && servers && user.uid === servers.uid) {
    throw new Error(
      `The embedded catalog must not run as the OS user of the PostgreSQL servers and restored copies ("${chosen}", uid ${user.uid}): ` +
        `a restored copy's superuser could then read and rewrite the catalog's files. Set WAYBACK_CATALOG_OS_USER to a user of its own ` +
        `(npm start creates "${DEFAULT_CATALOG_OS_USER}").`,
    );
  }
  return user;
}
