import type { Db } from "@/lib/db/client";
import type { Repository } from "@/lib/db/generated/client";
import { isInsideRoots, type RepositoryInput } from "@/lib/domain/repository-input";
import { AppError } from "@/lib/http/app-error";

export async function createRepository(db: Db, opts: { input: RepositoryInput; allowedRoots: string[] }): Promise<Repository> {
  const { input, allowedRoots } = opts;
  if (!isInsideRoots(input.path, allowedRoots)) {
    const roots = allowedRoots.length ? allowedRoots.join(", ") : "(none configured)";
    throw new AppError("validation_failed", "That path is outside the allowed repository roots.", {
      path: [`Repositories must be under ${roots} (WAYBACK_REPO_ROOTS).`],
    });
  }
  if (await db.repository.findUnique({ where: { name: input.name } })) {
    throw new AppError("conflict", `A repository named "${input.name}" already exists.`, { name: ["Another repository already has this name."] });
  }
  return db.repository.create({ data: input });
}
