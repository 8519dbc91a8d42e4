// A worker that dies mid-upload leaves a multipart upload unfinished: its parts are invisible to
// listing, stay in the bucket (and on the bill) until aborted. The sweeps of dead jobs remove a
// job's prefix (sweepStaleBackups, the dump sweeps, retention), and removing a prefix aborts those
// uploads under it, and no others.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { CreateMultipartUploadCommand, ListMultipartUploadsCommand, UploadPartCommand } from "@aws-sdk/client-s3";
import { afterAll, describe, expect, it } from "vitest";
import { createS3Repository } from "@/lib/storage/s3";
import { createS3Client } from "@/lib/storage/s3-client";
import { useS3Server } from "@/test/harness/s3";

const s3 = useS3Server();
const scratch = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-s3-uploads-"));
afterAll(() => fs.rm(scratch, { recursive: true, force: true }));

describe("unfinished multipart uploads", () => {
  it("are aborted with the prefix they were written under; others' stay", async () => {
    const settings = s3().settings("uploads/");
    const repo = createS3Repository(settings, { scratchDir: scratch });
    const client = createS3Client(settings);
    const Bucket = settings.bucket;
    const leaveUnfinished = async (key: string) => {
      const Key = `${settings.prefix}${key}`;
      const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key }));
      await client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: randomBytes(4096) }));
    };
    await leaveUnfinished("c1/backup/dead/base.tar");
    await leaveUnfinished("c1/backup/dead/pg_wal.tar");
    await leaveUnfinished("c1/backup/running/base.tar");
    await repo.put("c1/backup/dead/backup_label", Buffer.from("label"));
    expect(await s3().storedParts()).toBe(3);

    await repo.removePrefix("c1/backup/dead/");

    expect(await s3().storedParts()).toBe(1);
    const left = await client.send(new ListMultipartUploadsCommand({ Bucket, Prefix: settings.prefix }));
    expect((left.Uploads ?? []).map((u) => u.Key)).toEqual(["uploads/c1/backup/running/base.tar"]);
    expect(await repo.stat("c1/backup/dead/backup_label")).toBeNull();
  });
});
