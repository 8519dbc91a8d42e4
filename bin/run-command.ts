/** The `wayback` commands that need the catalog and the repository: see wayback.ts. */
import path from "node:path";
import pg from "pg";
import { createPosixRepository } from "@/lib/storage/posix";
import { sqlWalCatalog } from "@/lib/wal/catalog-sql";
import { fetchWalFile } from "@/lib/wal/fetch-wal-file";
import { pushAhead } from "@/lib/wal/push-ahead";
import { pushWalFile } from "@/lib/wal/push-wal-file";
import type { WalCatalog } from "@/lib/wal/wal-catalog";

async function openRepository(catalog: WalCatalog, clusterId: string) {
  const found = await catalog.clusterRepository(clusterId);
  if (!found) throw new Error(`cluster ${clusterId} does not exist in the Wayback catalog`);
  if (!found.repository) throw new Error(`cluster ${clusterId} has no repository configured`);
  return createPosixRepository(found.repository.path);
}

export async function runCommand(
  command: "wal-push" | "wal-fetch" | "wal-push-ahead",
  clusterId: string,
  databaseUrl: string,
  positional: string[],
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: `wayback ${command}`, connectionTimeoutMillis: 15_000 });
  client.on("error", () => {}); // a dropped connection surfaces as a failed query
  await client.connect();
  try {
    const catalog = sqlWalCatalog(client);
    const repo = await openRepository(catalog, clusterId);
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
