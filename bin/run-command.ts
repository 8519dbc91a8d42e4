/** The `wayback` commands that need the catalog and the repository: see wayback.ts. */
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { RepositoryLocation } from "@/lib/domain/repository-location";
import type { S3Credentials } from "@/lib/domain/s3-settings";
import { createPosixRepository } from "@/lib/storage/posix";
import type { Repository } from "@/lib/storage/repository";
import { sqlWalCatalog } from "@/lib/wal/catalog-sql";
import { fetchWalFile } from "@/lib/wal/fetch-wal-file";
import { pushAhead } from "@/lib/wal/push-ahead";
import { pushWalFile } from "@/lib/wal/push-wal-file";
import type { WalCatalog } from "@/lib/wal/wal-catalog";

/** What the slow path needs: the catalog, and the S3 key pair if the config file holds one. */
export interface CliSettings {
  databaseUrl: string;
  /** null: the default AWS credential chain (AWS_* environment, profile, instance role). */
  s3Credentials: S3Credentials | null;
}

async function openRepository(
  catalog: WalCatalog,
  clusterId: string,
  copyRepositoryId: string | undefined,
  s3Credentials: CliSettings["s3Credentials"],
): Promise<Repository> {
  const found = await catalog.clusterRepository(clusterId, copyRepositoryId);
  if (!found) throw new Error(`cluster ${clusterId} does not exist in the Wayback catalog`);
  if (!found.repository && copyRepositoryId)
    throw new Error(`repository ${copyRepositoryId} is not a copy repository of cluster ${clusterId}`);
  if (!found.repository) throw new Error(`cluster ${clusterId} has no repository configured`);
  return openLocation(found.repository, s3Credentials);
}

/** The AWS SDK is loaded only for an S3 repository: archive_command's posix path stays light. */
async function openLocation(where: RepositoryLocation, s3Credentials: CliSettings["s3Credentials"]): Promise<Repository> {
  if (where.kind === "posix") return createPosixRepository(where.path);
  const { createS3Repository } = await import("@/lib/storage/s3");
  // wal-push and wal-fetch never materialise objects; the scratch directory is only the backend's requirement.
  return createS3Repository({ ...where.location, credentials: s3Credentials }, { scratchDir: os.tmpdir() });
}

export async function runCommand(
  command: "wal-push" | "wal-fetch" | "wal-push-ahead",
  clusterId: string,
  settings: CliSettings,
  positional: string[],
  /** wal-fetch of a restore from a copy repository: read there instead of the primary. */
  copyRepositoryId?: string,
): Promise<void> {
  const client = new pg.Client({
    connectionString: settings.databaseUrl,
    application_name: `wayback ${command}`,
    connectionTimeoutMillis: 15_000,
  });
  client.on("error", () => {}); // a dropped connection surfaces as a failed query
  await client.connect();
  try {
    const catalog = sqlWalCatalog(client);
    const repo = await openRepository(catalog, clusterId, copyRepositoryId, settings.s3Credentials);
    if (command === "wal-push") {
      await pushWalFile({ catalog, repo, clusterId, filePath: positional[0]!, source: "push" });
    } else if (command === "wal-push-ahead") {
      await pushAhead({ catalog, repo, clusterId, walDir: path.resolve(positional[0]!) });
    } else {
      const [name, destPath] = positional as [string, string];
      const expectedSha256 = await catalog.segmentChecksum(clusterId, name);
      await fetchWalFile({ repo, clusterId, name, destPath, expectedSha256 });
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
