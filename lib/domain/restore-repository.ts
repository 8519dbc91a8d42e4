/**
 * Which repository a restore reads its backup and WAL from: the cluster's primary or one of its
 * copy repositories (issue 17). A repository can serve a restore only when it holds a complete
 * copy of the chosen backup and every WAL segment replay needs up to the target.
 */

export interface RepositoryCoverage {
  repositoryId: string;
  name: string;
  role: "primary" | "copy";
  /** The chosen backup is complete there (its manifest written, its files re-read). */
  backupComplete: boolean;
  /** Segments replay needs that are not there yet (the copy job has not reached them). */
  missingSegments: number;
}

export type RestoreRepositoryChoice = { ok: true; repositoryId: string } | { ok: false; message: string };

const covers = (c: RepositoryCoverage) => c.backupComplete && c.missingSegments === 0;

function whatIsMissing(c: RepositoryCoverage): string {
  const missing = [
    ...(c.backupComplete ? [] : ["a complete copy of the chosen backup"]),
    ...(c.missingSegments > 0 ? [`${c.missingSegments} WAL segment(s) replay needs`] : []),
  ];
  return `Repository "${c.name}" lacks ${missing.join(" and ")}: wait for the copy job to catch up, or restore from another repository.`;
}

/**
 * `requested`: the repository the user chose, which must cover the target. None: the primary
 * when it covers it, else the first copy repository that does (listed in the order given).
 */
export function chooseRestoreRepository(candidates: RepositoryCoverage[], requested?: string): RestoreRepositoryChoice {
  if (requested !== undefined) {
    const chosen = candidates.find((c) => c.repositoryId === requested);
    if (!chosen)
      return { ok: false, message: "That repository is neither this cluster's primary repository nor one of its copy repositories." };
    return covers(chosen) ? { ok: true, repositoryId: chosen.repositoryId } : { ok: false, message: whatIsMissing(chosen) };
  }
  const ordered = [...candidates.filter((c) => c.role === "primary"), ...candidates.filter((c) => c.role === "copy")];
  const found = ordered.find(covers);
  if (found) return { ok: true, repositoryId: found.repositoryId };
  return { ok: false, message: ordered.length === 0 ? "This cluster has no repository." : whatIsMissing(ordered[0]!) };
}
