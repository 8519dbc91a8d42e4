import type { ClientConfig } from "pg";
import type { SslMode } from "@/lib/domain/cluster-input";

export interface ConnectionTarget {
  host: string;
  port: number;
  database: string;
  username: string;
  password: string | null;
  sslmode: SslMode;
}

/**
 * node-postgres settings for a cluster. The password travels in the client's memory only.
 * "prefer" and "allow" try TLS first and fall back to plain, as libpq does (see withSslFallback).
 */
export function clientConfig(
  t: ConnectionTarget,
  opts: { connectTimeoutMs: number; replication?: boolean; plain?: boolean },
): ClientConfig {
  return {
    host: t.host,
    port: t.port,
    database: t.database,
    user: t.username,
    password: t.password ?? undefined,
    ssl: opts.plain ? false : sslFor(t.sslmode),
    connectionTimeoutMillis: opts.connectTimeoutMs,
    application_name: "wayback",
    ...(opts.replication ? { replication: "true" } : {}),
  } as ClientConfig;
}

function sslFor(mode: SslMode): ClientConfig["ssl"] {
  switch (mode) {
    case "disable":
      return false;
    case "allow":
    case "prefer":
    case "require":
      return { rejectUnauthorized: false };
    case "verify-ca":
      // verify-ca checks the chain but not the host name.
      return { rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case "verify-full":
      return { rejectUnauthorized: true };
  }
}

export async function withSslFallback<T>(t: ConnectionTarget, attempt: (plain: boolean) => Promise<T>): Promise<T> {
  try {
    return await attempt(false);
  } catch (err) {
    const noSsl = /does not support SSL/i.test((err as Error).message);
    if (noSsl && (t.sslmode === "prefer" || t.sslmode === "allow")) return attempt(true);
    throw err;
  }
}
