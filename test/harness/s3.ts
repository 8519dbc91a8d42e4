import { afterAll, beforeAll } from "vitest";
import { S3RVER_CREDENTIALS, startS3Server, type S3TestServer } from "@/test/harness/s3-server";

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

/** An S3 repository's fields as the form and the API take them, on `server` under `prefix`, with the server's key pair. */
export function s3RepositoryFields(server: S3TestServer, prefix: string) {
  return {
    kind: "s3" as const,
    endpoint: server.endpoint,
    region: "us-east-1",
    bucket: server.bucket,
    prefix,
    forcePathStyle: true,
    ...S3RVER_CREDENTIALS,
  };
}
