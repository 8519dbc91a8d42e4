/**
 * PostgreSQL server processes run as their own OS user (postgres), and reach data directories
 * and the CLI (archive_command, restore_command) only through directories that user may
 * traverse. A checkout under /root (mode 700 on Debian) is out of its reach.
 */
export interface PathEntry {
  path: string;
  /** st_mode (only the permission bits are read). */
  mode: number;
  uid: number;
  gid: number;
}

/** The first of `entries` (a path and its ancestors) that `user` may not traverse, or undefined. */
export function firstUntraversable(entries: PathEntry[], user: { uid: number; gid: number }): PathEntry | undefined {
  return entries.find((e) => {
    // Only the first matching class counts: an owner without x is refused even if others have it.
    const bit = e.uid === user.uid ? 0o100 : e.gid === user.gid ? 0o010 : 0o001;
    return (e.mode & bit) === 0;
  });
}

/** Where servers reach the embedded default's data and the CLI when the checkout is out of reach. */
export const SERVER_REACHABLE_ROOT = "/var/lib/wayback";

export interface EmbeddedPlaces {
  /** The embedded default's data directory (catalog, Redis, demo, repository…), unless WAYBACK_DATA_DIR says otherwise. */
  dataDir: string;
  /** Where the CLI bundle and its shell wrapper are installed. */
  cliDir: string;
}

/**
 * Inside the checkout when servers can reach it; otherwise under /var/lib/wayback, in a
 * directory named by `checkoutId` (a short hash of the checkout's path) so two checkouts never
 * share one.
 */
export function embeddedPlaces(checkout: string, opts: { reachable: boolean; checkoutId: string }): EmbeddedPlaces {
  if (opts.reachable) return { dataDir: `${checkout}/.wayback`, cliDir: `${checkout}/bin` };
  const home = `${SERVER_REACHABLE_ROOT}/${opts.checkoutId}`;
  return { dataDir: home, cliDir: `${home}/cli` };
}
