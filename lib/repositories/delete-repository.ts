import type { Db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors/app-error";

/** Only an unused repository can go: backups, copies and clusters (as primary or copy repository) that point at it keep it. */
export async function deleteRepository(db: Db, id: string): Promise<void> {
  const repo = await db.repository.findUnique({
    where: { id },
    include: { _count: { select: { clusters: true, backups: true, copyOf: true, backupCopies: true } } },
  });
  if (!repo) throw notFound("The repository");
  const backups = repo._count.backups + repo._count.backupCopies;
  const clusters = repo._count.clusters + repo._count.copyOf;
  if (clusters || backups) {
    throw new AppError(
      "conflict",
      `Repository "${repo.name}" still holds ${backups} backup(s) and serves ${clusters} cluster(s) (as primary or copy repository); move or remove them first.`,
    );
  }
  await db.repository.delete({ where: { id } });
}
