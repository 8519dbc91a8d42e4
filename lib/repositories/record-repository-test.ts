import type { Db } from "@/lib/db/client";
import type { RepositoryTestResult } from "@/lib/domain/repository-test";

/** The newest test's result on the repository, for its page; an older job finishing late does not overwrite a newer one. */
export async function recordRepositoryTest(
  db: Db,
  opts: { repositoryId: string; jobId: string; result: RepositoryTestResult },
): Promise<void> {
  const testedAt = new Date();
  await db.repository.updateMany({
    where: { id: opts.repositoryId, OR: [{ testedAt: null }, { testedAt: { lt: testedAt } }] },
    data: { testJobId: opts.jobId, testedAt, testOk: opts.result.ok, testDetail: opts.result.detail },
  });
}
