import { setSettings, startInstance, type InstanceSpec } from "@/lib/pg/instance";

// Each try takes a port nobody else was seen holding; a few in a row all taken means something is
// wrong on the host, not bad luck.
const MAX_TRIES = 5;

/** How to move an instance whose port was taken: pick the next port, and record it. */
export interface PortFallback {
  nextPort: (taken: number) => Promise<number>;
  onPort: (port: number, taken: number) => Promise<void>;
}

/**
 * Starts an instance whose port was chosen earlier (a restore's, a drill's, a dump restore's): if
 * something bound that port in the meantime — the base backup takes a while to unpack —
 * PostgreSQL refuses with "Address already in use", and the instance is moved to `nextPort(port)`
 * and started again. `onPort` records a new port (on the catalog row) before the server starts
 * on it. `spec.port` is updated in place, so everything holding the spec follows the move.
 */
export async function startInstanceWithPortFallback(spec: InstanceSpec, opts: PortFallback & { timeoutMs?: number }): Promise<void> {
  for (let tries = 1; ; tries++) {
    try {
      await startInstance(spec, { timeoutMs: opts.timeoutMs });
      return;
    } catch (err) {
      if (tries >= MAX_TRIES || !isPortTaken(err)) throw err;
      const taken = spec.port;
      spec.port = await opts.nextPort(taken);
      await opts.onPort(spec.port, taken);
      // The port lives in the instance's managed settings file: rewrite it for the new one.
      await setSettings(spec, {});
    }
  }
}

function isPortTaken(err: unknown): boolean {
  return /could not bind .* address .*: Address already in use/i.test((err as Error).message);
}
