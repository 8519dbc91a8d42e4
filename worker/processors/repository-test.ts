import { recordRepositoryTest } from "@/lib/repositories/record-repository-test";
import { testRepository } from "@/lib/repositories/test-repository";
import type { Processor } from "@/worker/processor";

/**
 * "Test" a repository from the worker, whose network and credentials are the ones backups use: a
 * refused permission is a result to show, not a job failure.
 */
export const repositoryTest: Processor<"repository.test"> = async ({ payload, deps, signal, progress }) => {
  // 1. Write, list, read back and delete a small object in a scratch prefix.
  await progress({ phase: "testing" });
  const result = await testRepository(deps.db, { repositoryId: payload.repositoryId, storage: deps.config, signal });
  // 2. Record the result on the repository for its page.
  await recordRepositoryTest(deps.db, { repositoryId: payload.repositoryId, jobId: payload.jobId, result });
};
