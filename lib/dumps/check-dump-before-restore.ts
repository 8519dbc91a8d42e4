import { UnrecoverableError } from "bullmq";
import type { PreparedDumpRestore } from "@/lib/dumps/prepare-dump-restore";
import { checkDumpFiles } from "@/lib/dumps/verify-dump";

/** Phase 1 of a dump restore: the dump's files against their checksums. A damaged dump restores nothing. */
export async function checkDumpBeforeRestore(opts: { prepared: PreparedDumpRestore; signal: AbortSignal }): Promise<void> {
  const { row, repo, prefix } = opts.prepared;
  const problems = await checkDumpFiles({ repo, prefix, files: row.dump.files, signal: opts.signal });
  if (problems.length) throw new UnrecoverableError(`The dump is damaged, so nothing was restored: ${problems.join("; ")}`);
}
