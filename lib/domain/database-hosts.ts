/**
 * A cluster's database hosts (its primary and standbys; not the worker's host) and which one a
 * connection goes to. libpq picks with a multi-host string and target_session_attrs; node-postgres
 * takes one host only, so Wayback asks every host pg_is_in_recovery() (lib/pg/probe-hosts.ts) and
 * chooses here, with libpq's meaning of each wish. The order is the cluster's: host:port first,
 * then its other hosts as listed.
 */

// A type, not an interface: a list of probes is stored as JSON (monitor_samples.database_hosts).
export type DatabaseHost = {
  host: string;
  port: number;
};

/** Which database host a connection wants (BackupFrom, with "-" as libpq spells it). */
export type HostWish = "primary" | "prefer-standby" | "standby";

/** What asking one host found: its role now, or why it could not be asked. */
export type HostProbe = DatabaseHost & ({ role: "primary" | "standby" } | { role: "unreachable"; error: string });

export const hostLabel = (h: DatabaseHost): string => (h.host.includes(":") ? `[${h.host}]:${h.port}` : `${h.host}:${h.port}`);

/** "db2.example.com:5433", "10.0.0.2:5432" or "[fd00::2]:5432"; null when it is none of those. */
export function parseHostPort(text: string): DatabaseHost | null {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(text.trim());
  if (!m) return null;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return null;
  return { host: (m[1] ?? m[2])!, port };
}

/** The cluster's database hosts in the order they are tried. */
export function databaseHosts(c: { host: string; port: number; otherHosts: readonly string[] }): DatabaseHost[] {
  const others = c.otherHosts.map((t) => {
    const h = parseHostPort(t);
    if (!h) throw new Error(`Not a host:port entry: ${t}`);
    return h;
  });
  return [{ host: c.host, port: c.port }, ...others];
}

/**
 * The host a connection with `wish` goes to, as libpq's target_session_attrs would pick among
 * `probes` (in the cluster's order): "primary" is read-write, "standby" only a standby,
 * "prefer-standby" a standby when one answers and the primary otherwise. Null, with the reason,
 * when none fits.
 */
export function chooseHost(probes: readonly HostProbe[], wish: HostWish): { host: DatabaseHost } | { host: null; reason: string } {
  const first = (role: "primary" | "standby") => probes.find((p) => p.role === role);
  const pick = wish === "primary" ? first("primary") : wish === "standby" ? first("standby") : (first("standby") ?? first("primary"));
  if (pick) return { host: { host: pick.host, port: pick.port } };
  const wanted = wish === "primary" ? "a primary (read-write)" : wish === "standby" ? "a standby" : "a standby or the primary";
  const found = probes.map(
    (p) =>
      `${hostLabel(p)} ${p.role === "unreachable" ? `unreachable (${p.error})` : `is ${p.role === "primary" ? "the primary" : "a standby"}`}`,
  );
  return { host: null, reason: `No database host is ${wanted}: ${found.join("; ")}.` };
}

/** The cluster's backupFrom as stored (prefer_standby) to the wish it is (prefer-standby). */
export const hostWishFor = (backupFrom: "primary" | "prefer_standby" | "standby"): HostWish =>
  backupFrom === "prefer_standby" ? "prefer-standby" : backupFrom;
