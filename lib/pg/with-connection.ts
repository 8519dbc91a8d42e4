import pg from "pg";
import { clientConfig, withSslFallback, type ConnectionTarget } from "@/lib/pg/connect";

/**
 * Runs `use` on one connection made with `config`, closed afterwards; `signal` ends the connection
 * (and so the statement running on it). When the server drops a connection (it stopped, an admin
 * ended the backend) pg emits 'error' on the client as well as failing the statement running on
 * it: with no listener that event would end the whole worker process, so it is taken here and the
 * failure reaches the caller through the statement (or the next one) instead.
 */
export async function withConnection<T>(config: pg.ClientConfig, use: (c: pg.Client) => Promise<T>, signal?: AbortSignal): Promise<T> {
  const client = new pg.Client(config);
  client.on("error", () => undefined);
  const abort = () => void client.end().catch(() => undefined);
  signal?.addEventListener("abort", abort, { once: true });
  try {
    await client.connect();
    return await use(client);
  } finally {
    signal?.removeEventListener("abort", abort);
    await client.end().catch(() => undefined);
  }
}

/** withConnection to a cluster, with libpq's TLS fallback for sslmode prefer/allow. */
export function withClient<T>(t: ConnectionTarget, use: (c: pg.Client) => Promise<T>, signal?: AbortSignal): Promise<T> {
  return withSslFallback(t, (plain) => withConnection(clientConfig(t, { connectTimeoutMs: 10_000, plain }), use, signal));
}
