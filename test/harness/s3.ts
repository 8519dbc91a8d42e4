import { afterAll, beforeAll } from "vitest";
import { startS3Server, type S3TestServer } from "@/test/harness/s3-server";

export { S3RVER_CREDENTIALS, startS3Server, type S3TestServer } from "@/test/harness/s3-server";

/** One server for the test file: started before its tests, stopped and removed after, even when they fail. */
export function useS3Server(opts: { bucket?: string } = {}): () => S3TestServer {
  let server: S3TestServer | undefined;
  beforeAll(async () => {
    server = await startS3Server(opts);
  });
  afterAll(() => server?.close());
  return () => {
    if (!server) throw new Error("useS3Server(): the server is started in beforeAll; call the getter inside a test or hook.");
    return server;
  };
}
