import type { Repository as RepositoryRow } from "@/lib/db/generated/client";
import { resolveRepositoryRoot } from "@/lib/storage/allowed-roots";
import { createPosixRepository } from "@/lib/storage/posix";
import type { Repository } from "@/lib/storage/repository";

export function openRepository(row: Pick<RepositoryRow, "kind" | "path">): Repository {
  switch (row.kind) {
    case "posix":
      return createPosixRepository(row.path);
  }
}

/**
 * For writers: the repository, after checking on this host (symlinks resolved) that its directory
 * is inside the roots the operator allowed. The web process checked the path as text when it was
 * saved; only the host that writes can check what it really points to.
 */
export function openRepositoryForWriting(row: Pick<RepositoryRow, "kind" | "path">, allowedRoots: string[]): Repository {
  switch (row.kind) {
    case "posix":
      return createPosixRepository(resolveRepositoryRoot(row.path, allowedRoots));
  }
}
