// What is particular to the S3 backend, against a real S3-protocol server on loopback.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { createS3Repository } from "@/lib/storage/s3";
import { useS3Server } from "@/test/harness/s3";
import { until } from "@/test/harness/until";

const tmpBase = await mkdtemp(path.join(os.tmpdir(), "wayback-s3-"));
afterAll(() => rm(tmpBase, { recursive: true, force: true }));
const s3 = useS3Server();

describe("S3 repository", () => {
  it("uploads parts while the source is still producing: a large put is never held in memory whole", async () => {
    const repo = createS3Repository(s3().settings("streaming/"), { scratchDir: path.join(tmpBase, "scratch") });
    let partsBeforeTheEnd = 0;
    async function* produce() {
      for (let i = 0; i < 48; i++) {
        // 32 MiB produced: the repository must already have handed whole parts to the server.
        if (i === 32) partsBeforeTheEnd = await until("a part stored by the server", () => s3().storedParts());
        yield Buffer.alloc(1024 * 1024, i);
      }
    }
    const put = await repo.put("c1/backup/b1/base.tar", Readable.from(produce()));
    expect(partsBeforeTheEnd).toBeGreaterThan(0);
    expect(put.size).toBe(48 * 1024 * 1024);
    expect(await repo.checksum("c1/backup/b1/base.tar")).toMatchObject({ size: put.size, sha256: put.sha256 });
  });

  it("describes AWS by bucket and prefix, any other store with its host, and never with a credential", () => {
    const settings = s3().settings("prod/");
    const scratch = { scratchDir: path.join(tmpBase, "scratch") };
    expect(createS3Repository({ ...settings, endpoint: null }, scratch).describe()).toBe("s3://wayback-test/prod/");
    expect(createS3Repository(settings, scratch).describe()).toBe(`s3://wayback-test/prod/ at ${new URL(s3().endpoint).host}`);
    expect(createS3Repository({ ...settings, endpoint: "https://KEY:SECRET@minio.example:9000" }, scratch).describe()).toBe(
      "s3://wayback-test/prod/ at minio.example:9000",
    );
  });

  it("refuses a prefix that does not end in '/'", () => {
    expect(() => createS3Repository(s3().settings("prod"), { scratchDir: tmpBase })).toThrow(/must be empty or end with '\/'/);
  });
});
