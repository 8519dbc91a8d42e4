import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors/app-error";
import { presentRepository, type RepositoryView } from "@/lib/repositories/repository-view";

const withCounts = { _count: { select: { clusters: true, backups: true } } } as const;

export async function listRepositories(db: Db): Promise<RepositoryView[]> {
  return (await db.repository.findMany({ include: withCounts, orderBy: { createdAt: "asc" } })).map(presentRepository);
}

export async function getRepository(db: Db, id: string): Promise<RepositoryView> {
  const row = await db.repository.findUnique({ where: { id }, include: withCounts });
  if (!row) throw notFound("The repository");
  return presentRepository(row);
}
