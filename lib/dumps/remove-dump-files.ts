import { dumpStaging } from "@/lib/dumps/write-dump";
import { dumpPrefix } from "@/lib/storage/layout";
import type { Repository } from "@/lib/storage/repository";

/** Everything a dump wrote into its repository: a directory archive's staging directory and the dump's files. */
export async function removeDumpFiles(repo: Repository, dump: { id: string; clusterId: string }): Promise<void> {
  await repo.discardStaging(dumpStaging(dump.id));
  await repo.removePrefix(dumpPrefix(dump.clusterId, dump.id));
}
