// The receiver's partial-segment upload against a real posix repository and catalog: a `.partial`
// file pg_receivewal has just made (full size, all zeros) holds nothing yet, and is no failure:
// an idle server after a segment switch leaves it so for minutes, and reporting it raised a false
// "partial segment failing" on the receiver.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEFAULT_WAL_SEGMENT_SIZE, segmentName } from "@/lib/domain/wal-segment";
import { createPosixRepository } from "@/lib/storage/posix";
import { partialUploader } from "@/lib/wal/upload-partial";
import { useCatalog } from "@/test/harness/catalog";
import { testBinaries } from "@/test/harness/cluster";

const cat = useCatalog();
let root: string;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-upload-partial-"));
  await fs.mkdir(path.join(root, "repo"));
  await fs.mkdir(path.join(root, "spool"));
});
afterAll(() => fs.rm(root, { recursive: true, force: true }));

it("uploads nothing, and fails nothing, while the partial segment is still all zeros", async () => {
  const clusterId = crypto.randomUUID();
  const name = segmentName(1, 5n);
  await fs.writeFile(path.join(root, "spool", `${name}.partial`), Buffer.alloc(DEFAULT_WAL_SEGMENT_SIZE));
  const uploader = partialUploader({
    db: cat.db,
    repo: createPosixRepository(path.join(root, "repo")),
    bins: testBinaries(),
    clusterId,
    spool: path.join(root, "spool"),
  });

  await expect(uploader.upload()).resolves.toBeNull();
  expect(await fs.readdir(path.join(root, "repo"), { recursive: true })).toEqual([]);
  expect(await cat.db.walPartial.count({ where: { clusterId } })).toBe(0);
});
