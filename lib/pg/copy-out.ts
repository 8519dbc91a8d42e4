import { Readable } from "node:stream";
import type pg from "pg";

interface PgConnection {
  query(text: string): void;
  stream: { pause(): void; resume(): void };
}

/**
 * `COPY … TO STDOUT` on a pg client as a stream, without holding the output in memory: node-postgres
 * hands every CopyData message of the active query to the query object, so this one pushes them on
 * (pausing the socket while the reader is behind) and ends at ReadyForQuery. What pg-copy-streams
 * does, in the few lines this project needs.
 */
class CopyOut extends Readable {
  private connection: PgConnection | null = null;
  private failed = false;

  constructor(readonly text: string) {
    super();
  }

  submit(connection: PgConnection): void {
    this.connection = connection;
    connection.query(this.text);
  }

  override _read(): void {
    this.connection?.stream.resume();
  }

  handleCopyData(msg: { chunk: Buffer }): void {
    if (!this.push(msg.chunk)) this.connection?.stream.pause();
  }

  handleError(err: Error): void {
    this.failed = true;
    this.connection?.stream.resume();
    this.destroy(err);
  }

  handleReadyForQuery(): void {
    if (!this.failed) this.push(null);
  }

  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(): void {
    this.handleError(new Error("COPY … FROM STDIN is not what copyOut runs"));
  }
}

/** Streams the output of `COPY (…) TO STDOUT …`; read it to the end before using the client again. */
export function copyOut(client: pg.Client, copyStatement: string): Readable {
  return client.query(new CopyOut(copyStatement) as unknown as pg.QueryConfig) as unknown as Readable;
}
