/**
 * Where the WAL received so far ends in a `.partial` segment file. pg_receivewal makes each
 * `.partial` file full size and zero-filled before writing into it, so the WAL received is what
 * lies before the trailing zeros. Records are MAXALIGNed (8 bytes): the end is rounded up to that.
 * Returned as an offset into the segment (0 when nothing was received). Pure.
 */
export function receivedBytes(segment: Buffer): number {
  let end = segment.length;
  while (end > 0 && segment[end - 1] === 0) end--;
  return Math.min(segment.length, Math.ceil(end / 8) * 8);
}
