import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import type { Db } from "@/lib/db/client";
import { shareRepositoryWithServers } from "@/lib/embedded/repository-permissions";
import { encryptionColumns } from "@/lib/repositories/encryption-columns";
import { uniqueName } from "@/test/harness/catalog";
import { testServerUser } from "@/test/harness/cluster";

// Registered when a test file imports this module: hooks added from inside another hook would
// never run.
const created: string[] = [];
afterAll(() => Promise.all(created.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true }))));

/**
 * A posix repository in a temporary directory, registered in the catalog, removed after the file;
 * with `encryptWith`, encrypted (its data key wrapped by that secret key, as the worker's must be).
 */
export async function createTestRepository(db: Db, opts: { encryptWith?: Buffer } = {}): Promise<{ id: string; path: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-repo-"));
  created.push(dir);
  await shareRepositoryWithServers(dir, await testServerUser());
  const id = crypto.randomUUID();
  const encryption = opts.encryptWith ? encryptionColumns(true, id, opts.encryptWith) : {};
  await db.repository.create({ data: { id, name: uniqueName("repo"), kind: "posix", path: dir, ...encryption } });
  return { id, path: dir };
}
