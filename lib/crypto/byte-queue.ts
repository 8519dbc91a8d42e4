/** Bytes received in pieces of any size, taken out in pieces of the size the format needs (without copying everything on every push). */
export class ByteQueue {
  private pieces: Buffer[] = [];
  length = 0;

  push(piece: Buffer): void {
    if (piece.length === 0) return;
    this.pieces.push(piece);
    this.length += piece.length;
  }

  /** Removes and returns the first `n` bytes (n ≤ length). */
  take(n: number): Buffer {
    const head = this.pieces[0];
    if (head !== undefined && head.length >= n) {
      // The common case (pieces of a chunk's size or more): a view, no copy.
      this.pieces[0] = head.subarray(n);
      if (head.length === n) this.pieces.shift();
      this.length -= n;
      return head.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const head = this.pieces[0]!;
      const used = Math.min(head.length, n - filled);
      head.copy(out, filled, 0, used);
      filled += used;
      if (used === head.length) this.pieces.shift();
      else this.pieces[0] = head.subarray(used);
    }
    this.length -= n;
    return out;
  }
}
