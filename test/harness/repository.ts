import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import type { Db } from "@/lib/db/client";
import { shareRepositoryWithServers } from "@/lib/embedded/repository-permissions";
import { uniqueName } from "@/test/harness/catalog";
import { testServerUser } from "@/test/harness/cluster";

// Registered when a test file imports this module: hooks added from inside another hook would
// never run.
const created: string[] = [];
afterAll(() => Promise.all(created.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true }))));

/** A posix repository in a temporary directory, registered in the catalog, removed after the file. */
export async function createTestRepository(db: Db): Promise<{ id: string; path: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-repo-"));
  created.push(dir);
  await shareRepositoryWithServers(dir, await testServerUser());
  const repo = await db.repository.create({ data: { name: uniqueName("repo"), kind: "posix", path: dir } });
  return { id: repo.id, path: dir };
}
