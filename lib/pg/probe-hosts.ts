import type { DatabaseHost, HostProbe } from "@/lib/domain/database-hosts";
import { clientConfig, withSslFallback, type ConnectionTarget } from "@/lib/pg/connect";
import { withConnection } from "@/lib/pg/with-connection";

// Short: a host that does not answer at once is passed over, as libpq moves to the next host.
const PROBE_TIMEOUT_MS = 5_000;

/** Every database host's role now (pg_is_in_recovery()), asked at the same time, in the given order. */
export function probeHosts(
  t: Omit<ConnectionTarget, "host" | "port">,
  hosts: readonly DatabaseHost[],
  signal?: AbortSignal,
): Promise<HostProbe[]> {
  return Promise.all(hosts.map((h) => probeHost({ ...t, ...h }, signal)));
}

async function probeHost(t: ConnectionTarget, signal?: AbortSignal): Promise<HostProbe> {
  const where = { host: t.host, port: t.port };
  try {
    const standby = await withSslFallback(t, (plain) =>
      withConnection(
        clientConfig(t, { connectTimeoutMs: PROBE_TIMEOUT_MS, plain }),
        async (c) => (await c.query<{ standby: boolean }>("SELECT pg_is_in_recovery() AS standby")).rows[0]!.standby,
        signal,
      ),
    );
    return { ...where, role: standby ? "standby" : "primary" };
  } catch (err) {
    return { ...where, role: "unreachable", error: (err as Error).message };
  }
}
