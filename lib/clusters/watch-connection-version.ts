import type { Db } from "@/lib/db/client";
import { logger } from "@/lib/log";

const POLL_MS = 3_000;

/** The cluster's connection version now: read it before reading the connection settings it guards. */
export async function connectionVersionOf(db: Db, clusterId: string): Promise<number | null> {
  return (await db.cluster.findUnique({ where: { id: clusterId }, select: { connectionVersion: true } }))?.connectionVersion ?? null;
}

/**
 * A signal that aborts once the cluster's connection settings change (updateCluster bumps the
 * version), so a connection held for a long time — the WAL receiver's — is remade with the new
 * settings at once instead of keeping the old session (and an old password) until it drops.
 * Read the version before the settings: a change in between only costs one extra reconnect.
 */
export function watchConnectionVersion(
  db: Db,
  opts: { clusterId: string; version: number | null; signal: AbortSignal; pollMs?: number },
): { changed: AbortSignal; stop(): void } {
  const controller = new AbortController();
  const timer = setInterval(() => {
    connectionVersionOf(db, opts.clusterId).then(
      (now) => {
        if (now !== opts.version) controller.abort(new Error("The cluster's connection settings changed"));
      },
      // A missed poll only delays the reconnect to the next one.
      (err: unknown) => logger.warn({ err, clusterId: opts.clusterId }, "could not read the cluster's connection version"),
    );
  }, opts.pollMs ?? POLL_MS);
  const stop = () => clearInterval(timer);
  opts.signal.addEventListener("abort", stop, { once: true });
  controller.signal.addEventListener("abort", stop, { once: true });
  return { changed: controller.signal, stop };
}
