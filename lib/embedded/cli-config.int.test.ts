import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeCliConfig } from "@/lib/embedded/cli-config";

describe("the CLI's config file", () => {
  it("is 0600, and writing it again (every npm start) keeps the S3 key pair the operator added", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-cli-config-"));
    try {
      const file = path.join(dir, "wal.conf");
      await writeCliConfig(file, "postgresql://cli@127.0.0.1:5432/wayback", undefined);
      expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
      await fs.appendFile(file, "S3_ACCESS_KEY_ID=AKIAEXAMPLE\nS3_SECRET_ACCESS_KEY=secret/with=signs\nOTHER=dropped\n");

      await writeCliConfig(file, "postgresql://cli@127.0.0.1:6543/wayback", undefined);
      expect(await fs.readFile(file, "utf8")).toBe(
        "# Written by npm start for Wayback's CLI (archive_command, restore_command).\n" +
          "DATABASE_URL=postgresql://cli@127.0.0.1:6543/wayback\n" +
          "S3_ACCESS_KEY_ID=AKIAEXAMPLE\nS3_SECRET_ACCESS_KEY=secret/with=signs\n",
      );
      expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
