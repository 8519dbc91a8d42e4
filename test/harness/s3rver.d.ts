// The part of s3rver's API the test harness uses (the package ships no types).
declare module "s3rver" {
  import type { AddressInfo } from "node:net";
  import type { IncomingMessage, Server } from "node:http";

  /** A Koa middleware, as far as the harness uses one. */
  type Middleware = (ctx: { req: IncomingMessage }, next: () => Promise<void>) => Promise<void>;

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    configureBuckets?: { name: string }[];
  }

  export default class S3rver {
    constructor(options: S3rverOptions);
    httpServer?: Server;
    /** Koa's middleware list (s3rver is a Koa app); composed when run() starts listening. */
    middleware: Middleware[];
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }
}
