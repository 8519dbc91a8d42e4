import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { DumpToc, TocSummary } from "@/lib/domain/dump-toc-column";
import type { StoredObject } from "@/lib/storage/repository";

/**
 * The catalog row of one dump through its life: running (recorded with the request) → complete
 * (files and manifest stored, archive read back whole) or failed. A retried job (its worker died)
 * starts the row over.
 */
export async function restartDumpRecord(db: Db, dumpId: string): Promise<void> {
  await db.$transaction([
    db.dumpFile.deleteMany({ where: { dumpId } }),
    db.dump.update({
      where: { id: dumpId },
      data: {
        status: "running",
        startedAt: new Date(),
        finishedAt: null,
        error: null,
        objectsDumped: 0,
        storedSizeBytes: null,
        dumpMs: null,
        verifyMs: null,
        verified: null,
        verifyDetail: null,
        toc: Prisma.DbNull,
        tocSummary: Prisma.DbNull,
      },
    }),
  ]);
}

export interface CompletedDump {
  pgVersion: string;
  databaseSizeBytes: bigint;
  dumpMs: number;
  verifyMs: number;
  verifyDetail: string;
  toc: DumpToc | null;
  tocSummary: TocSummary | null;
  files: StoredObject[];
}

export async function completeDumpRecord(db: Db, dumpId: string, done: CompletedDump, prefix: string): Promise<void> {
  const stored = done.files.reduce((n, f) => n + f.size, 0);
  await db.$transaction([
    db.dumpFile.createMany({
      data: done.files.map((f) => ({ dumpId, name: f.key.slice(prefix.length), sizeBytes: BigInt(f.size), sha256: f.sha256 })),
    }),
    db.dump.update({
      where: { id: dumpId },
      data: {
        status: "complete",
        finishedAt: new Date(),
        pgVersion: done.pgVersion,
        databaseSizeBytes: done.databaseSizeBytes,
        storedSizeBytes: BigInt(stored),
        dumpMs: done.dumpMs,
        verifyMs: done.verifyMs,
        verified: true,
        verifyDetail: done.verifyDetail,
        toc: done.toc ?? undefined,
        tocSummary: done.tocSummary ?? undefined,
      },
    }),
  ]);
}

export async function failDumpRecord(db: Db, dumpId: string, error: string): Promise<void> {
  await db.dump.update({ where: { id: dumpId }, data: { status: "failed", finishedAt: new Date(), error } });
}

export async function recordDumpProgress(db: Db, dumpId: string, tablesDumped: number): Promise<void> {
  await db.dump.update({ where: { id: dumpId }, data: { objectsDumped: tablesDumped } });
}

export async function recordDumpVerification(
  db: Db,
  dumpId: string,
  result: { ok: boolean; detail: string; verifyMs: number },
): Promise<void> {
  await db.dump.update({ where: { id: dumpId }, data: { verified: result.ok, verifyDetail: result.detail, verifyMs: result.verifyMs } });
}
