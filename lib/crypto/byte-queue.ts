/** Bytes received in pieces of any size, taken out in pieces of the size the format needs, never copied. */
export class ByteQueue {
  private pieces: Buffer[] = [];
  length = 0;

  push(piece: Buffer): void {
    if (piece.length === 0) return;
    this.pieces.push(piece);
    this.length += piece.length;
  }

  /**
   * Removes the first `n` bytes (n ≤ length) and returns them as views of the pieces they were
   * pushed in: a cipher takes them one by one, so nothing is copied or allocated per chunk (large
   * allocations cost page faults here, more than the AES itself).
   */
  take(n: number): Buffer[] {
    const out: Buffer[] = [];
    let left = n;
    while (left > 0) {
      const head = this.pieces[0]!;
      if (head.length <= left) {
        out.push(head);
        this.pieces.shift();
        left -= head.length;
      } else {
        out.push(head.subarray(0, left));
        this.pieces[0] = head.subarray(left);
        left = 0;
      }
    }
    this.length -= n;
    return out;
  }
}
