import type { Db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors/app-error";

/** Only an unused repository can go: backups and clusters that point at it keep it. */
export async function deleteRepository(db: Db, id: string): Promise<void> {
  const repo = await db.repository.findUnique({ where: { id }, include: { _count: { select: { clusters: true, backups: true } } } });
  if (!repo) throw notFound("The repository");
  if (repo._count.clusters || repo._count.backups) {
    throw new AppError(
      "conflict",
      `Repository "${repo.name}" still holds ${repo._count.backups} backup(s) and serves ${repo._count.clusters} cluster(s); move or remove them first.`,
    );
  }
  await db.repository.delete({ where: { id } });
}
