import type { Db } from "@/lib/db/client";
import type { Repository } from "@/lib/db/generated/client";
import { isInsideRoots, type RepositoryInput } from "@/lib/domain/repository-input";
import { AppError } from "@/lib/errors/app-error";
import { RepositoryRootError, resolveRepositoryRoot } from "@/lib/storage/allowed-roots";

/**
 * Saves a repository whose path is inside the allowed roots as written and once symbolic links
 * are followed: a link under a root that points elsewhere is refused now, with the place it leads
 * to, not at the first backup. The path is stored as typed; the worker resolves it again before
 * every write, since links can change after this check.
 */
export async function createRepository(db: Db, opts: { input: RepositoryInput; allowedRoots: string[] }): Promise<Repository> {
  const { input, allowedRoots } = opts;
  if (!isInsideRoots(input.path, allowedRoots)) {
    const roots = allowedRoots.length ? allowedRoots.join(", ") : "(none configured)";
    throw new AppError("validation_failed", "That path is outside the allowed repository roots.", {
      path: [`Repositories must be under ${roots} (WAYBACK_REPO_ROOTS).`],
    });
  }
  try {
    resolveRepositoryRoot(input.path, allowedRoots);
  } catch (err) {
    if (!(err instanceof RepositoryRootError)) throw err;
    throw new AppError("validation_failed", `That path cannot hold a repository: ${err.message}`, { path: [err.message] });
  }
  if (await db.repository.findUnique({ where: { name: input.name } })) {
    throw new AppError("conflict", `A repository named "${input.name}" already exists.`, {
      name: ["Another repository already has this name."],
    });
  }
  return db.repository.create({ data: input });
}
