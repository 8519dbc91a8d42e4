// The `wayback` CLI (archive_command's wal-push, restore_command's wal-fetch) with a cluster whose
// repository is in an S3 bucket: it logs in as the CLI's catalog role, reads the bucket's
// location through the role's SECURITY DEFINER function, and signs its requests with the key pair
// of its own 0600 config file, never one from the catalog or its command line.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { repositoryInput } from "@/lib/domain/repository-input";
import { runProcess } from "@/lib/pg/run-process";
import { createRepository } from "@/lib/repositories/create-repository";
import { walKey } from "@/lib/storage/layout";
import { createS3Repository } from "@/lib/storage/s3";
import { uniqueName, useCatalog } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { s3RepositoryFields, S3RVER_CREDENTIALS, useS3Server } from "@/test/harness/s3";

const cat = useCatalog();
const s3 = useS3Server();
const server = useTestCluster({ settings: { archive_mode: "on", archive_command: "" } });
const PREFIX = "cli/";
let dir: string;
let clusterId: string;
let segment: string;

const sha256 = async (file: string) =>
  createHash("sha256")
    .update(await fs.readFile(file))
    .digest("hex");

async function configFile(name: string, lines: string[]): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, [`DATABASE_URL=${cat.cliDatabaseUrl}`, ...lines, ""].join("\n"), { mode: 0o600 });
  return file;
}

const cli = (config: string, args: string[]) =>
  runProcess(cat.cli.command, [args[0]!, "--cluster", clusterId, "--config", config, ...args.slice(1)], { cwd: dir });

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-cli-s3-"));
  const input = repositoryInput.parse({
    name: uniqueName("cli-s3"),
    // With the worker's key pair; the CLI never sees it (the catalog role cannot read the column).
    ...s3RepositoryFields(s3(), PREFIX),
  });
  const repo = await createRepository(cat.db, { input, allowedRoots: [], secretKey: Buffer.alloc(32, 7) });
  const c = server();
  const sysid = String((await c.query("SELECT system_identifier FROM pg_control_system()")).rows[0].system_identifier);
  const row = await cat.db.cluster.create({
    data: {
      name: uniqueName("cli-s3"),
      host: c.host,
      port: c.port,
      database: "postgres",
      username: c.superuser,
      sslmode: "disable",
      repositoryId: repo.id,
      walMode: "archive_command",
    },
  });
  clusterId = row.id;
  await cat.db.clusterCheck.create({ data: { clusterId, reachable: true, systemIdentifier: sysid } });
  await c.query("CREATE TABLE filler (x int); INSERT INTO filler SELECT generate_series(1, 1000)");
  const name = (await c.query("SELECT pg_walfile_name(pg_switch_wal()) AS name")).rows[0].name as string;
  segment = path.join(dir, name);
  await fs.copyFile(path.join(c.dataDir, "pg_wal", name), segment);
  return () => fs.rm(dir, { recursive: true, force: true });
});

describe("wayback wal-push and wal-fetch with an S3 repository", () => {
  it("push stores the segment in the bucket under the repository's prefix, and fetch brings it back byte for byte", async () => {
    const config = await configFile("wal.conf", [
      `S3_ACCESS_KEY_ID=${S3RVER_CREDENTIALS.accessKeyId}`,
      `S3_SECRET_ACCESS_KEY=${S3RVER_CREDENTIALS.secretAccessKey}`,
    ]);
    const name = path.basename(segment);
    await cli(config, ["wal-push", segment]);

    const store = createS3Repository(s3().settings(PREFIX), { scratchDir: os.tmpdir() });
    expect((await store.checksum(walKey(clusterId, name))).sha256).toBe(await sha256(segment));
    expect(await cat.db.walSegment.findUniqueOrThrow({ where: { clusterId_name: { clusterId, name } } })).toMatchObject({
      source: "push",
      sha256: await sha256(segment),
    });

    await cli(config, ["wal-fetch", name, "RECOVERYXLOG"]);
    expect(await sha256(path.join(dir, "RECOVERYXLOG"))).toBe(await sha256(segment));
  });

  it("refuses a config file with half a key pair, saying what to fix", async () => {
    const config = await configFile("half.conf", [`S3_ACCESS_KEY_ID=${S3RVER_CREDENTIALS.accessKeyId}`]);
    await expect(cli(config, ["wal-push", segment])).rejects.toMatchObject({
      code: 1,
      stderrTail: expect.stringContaining("has only one of S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY"),
    });
  });

  it("names the refusal when the config's key pair is not one the store knows", async () => {
    const config = await configFile("wrong.conf", ["S3_ACCESS_KEY_ID=NOT-OURS", "S3_SECRET_ACCESS_KEY=wrong"]);
    await expect(cli(config, ["wal-fetch", path.basename(segment), "X"])).rejects.toMatchObject({
      stderrTail: expect.stringMatching(/access key was refused/),
    });
  });
});
