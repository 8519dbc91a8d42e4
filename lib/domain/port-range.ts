/** A range of TCP ports, both ends included (WAYBACK_RESTORE_PORTS). */
export interface PortRange {
  from: number;
  to: number;
}

/**
 * The ports of `range` in the order a local instance tries them: those after `after` first, then
 * the rest from the range's start, never `after` itself (the port just found taken). Without
 * `after`, or with one outside the range, from the range's start.
 */
export function portsToTry(range: PortRange, after?: number): number[] {
  const size = range.to - range.from + 1;
  const start = after !== undefined && after >= range.from && after <= range.to ? after - range.from + 1 : 0;
  const ports: number[] = [];
  for (let i = 0; i < size; i++) {
    const port = range.from + ((start + i) % size);
    if (port !== after) ports.push(port);
  }
  return ports;
}
