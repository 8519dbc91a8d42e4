// An S3 test server in a process of its own (`node --import tsx test/harness/s3-server-main.ts
// <bucket>`), so a benchmark's client and server do not share one event loop: prints
// {"endpoint","bucket"} as one line once listening, removes its objects on SIGTERM.
import { startS3Server } from "@/test/harness/s3-server";

const server = await startS3Server({ bucket: process.argv[2] });
process.stdout.write(`${JSON.stringify({ endpoint: server.endpoint, bucket: server.bucket })}\n`);
const stop = () => void server.close().finally(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
