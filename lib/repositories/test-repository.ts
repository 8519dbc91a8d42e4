import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import {
  REPOSITORY_TEST_STEPS,
  summariseRepositoryTest,
  type RepositoryTestResult,
  type RepositoryTestStepOutcome,
} from "@/lib/domain/repository-test";
import { openRepositoryForWriting, type StorageAccess } from "@/lib/storage/open-repository";
import type { Repository } from "@/lib/storage/repository";

/** Test objects go here, each run under a random name of its own, and are removed by the run. */
export const TEST_PREFIX = ".wayback-test/";

/**
 * "Test": opens the repository as a backup would (on this worker, with its network and its
 * credentials), then writes a small object, lists it, reads it back and deletes it. A repository
 * that cannot even be opened (a secret that will not decrypt, a path outside the allowed roots) is
 * a result too, not a job failure.
 */
export async function testRepository(
  db: Db,
  opts: { repositoryId: string; storage: StorageAccess; signal: AbortSignal },
): Promise<RepositoryTestResult> {
  const row = await db.repository.findUniqueOrThrow({ where: { id: opts.repositoryId } });
  let repo: Repository;
  try {
    repo = openRepositoryForWriting(row, opts.storage);
  } catch (err) {
    return { ok: false, missing: [], detail: `The repository cannot be opened: ${(err as Error).message}` };
  }
  return summariseRepositoryTest(row.kind, await tryEachStep(repo, opts.signal));
}

async function tryEachStep(repo: Repository, signal: AbortSignal): Promise<RepositoryTestStepOutcome[]> {
  const dir = `${TEST_PREFIX}${randomBytes(8).toString("hex")}/`;
  const key = `${dir}probe`;
  const contents = randomBytes(64);
  const outcome = async (step: RepositoryTestStepOutcome["step"], action: () => Promise<void>): Promise<RepositoryTestStepOutcome> => {
    signal.throwIfAborted();
    try {
      await action();
      return { step, ok: true };
    } catch (err) {
      return { step, ok: false, error: (err as Error).message };
    }
  };
  const write = await outcome("write", async () => {
    await repo.put(key, contents, { signal });
  });
  const written = write.ok === true;
  const steps: Record<RepositoryTestStepOutcome["step"], () => Promise<RepositoryTestStepOutcome>> = {
    write: async () => write,
    list: () =>
      outcome("list", async () => {
        const keys: string[] = [];
        for await (const o of repo.list(dir)) keys.push(o.key);
        if (written && !keys.includes(key)) throw new Error(`the object just written (${key}) is not listed under ${dir}`);
      }),
    read: async () => (written ? outcome("read", () => readBack(repo, key, contents, signal)) : { step: "read", ok: null }),
    delete: async () => (written ? outcome("delete", () => repo.remove(key)) : { step: "delete", ok: null }),
  };
  const results: RepositoryTestStepOutcome[] = [];
  for (const step of REPOSITORY_TEST_STEPS) results.push(await steps[step]());
  return results;
}

async function readBack(repo: Repository, key: string, expected: Buffer, signal: AbortSignal): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of await repo.get(key, { signal })) chunks.push(Buffer.from(chunk as Uint8Array));
  if (!Buffer.concat(chunks).equals(expected)) throw new Error(`${key} read back different bytes from those written`);
}
