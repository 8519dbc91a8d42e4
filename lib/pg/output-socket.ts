// A program's stdout read into one reused buffer. Node reads a child's stdout pipe into a fresh
// 64 KiB buffer every time; a decompressed base backup is gigabytes, and in a worker process
// with a real heap those buffers keep V8 marking and compacting it (measured: a third of the
// main thread while verifying a pgbench scale-100 backup). Instead the program writes into one
// end of a local stream socket pair and ours is read with `onread` into `buffer`.
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface OutputSocket {
  /** Handed to spawnStream() as the program's stdout, which closes this copy once it has started. */
  programEnd: net.Socket;
  /** Ours: emits 'end' when the program's output ends, 'close' without it when destroyed. */
  reader: net.Socket;
}

/**
 * `onChunk` gets each read as a view of `buffer`, valid only until it returns; returning false
 * pauses reading (resume with `reader.resume()`).
 */
export async function openOutputSocket(buffer: Buffer, onChunk: (chunk: Buffer) => boolean): Promise<OutputSocket> {
  // A listening socket for a moment, in a directory only this user can enter: nobody else can
  // connect in our place.
  const dir = await fs.mkdtemp(path.join(socketParent(), "wayback-out-"));
  const server = net.createServer({ pauseOnConnect: true });
  try {
    const socketPath = path.join(dir, "s");
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(socketPath, resolve);
    });
    const accepted = new Promise<net.Socket>((resolve) => server.once("connection", resolve));
    const reader = net.connect({ path: socketPath, onread: { buffer, callback: (n) => onChunk(buffer.subarray(0, n)) } });
    await new Promise<void>((resolve, reject) => {
      reader.once("connect", resolve);
      reader.once("error", reject);
    });
    return { programEnd: await accepted, reader };
  } finally {
    server.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

// A Unix socket path is limited to 107 bytes: a long TMPDIR falls back to /tmp.
const MAX_SOCKET_PATH = 107;
function socketParent(): string {
  const tmp = os.tmpdir();
  return Buffer.byteLength(path.join(tmp, "wayback-out-XXXXXX", "s")) <= MAX_SOCKET_PATH ? tmp : "/tmp";
}
