import type { Db } from "@/lib/db/client";
import type { RestorePoint } from "@/lib/db/generated/client";
import { connectionTarget } from "@/lib/clusters/connection-target";
import { AppError } from "@/lib/errors/app-error";
import { createRestorePoint as createOnServer } from "@/lib/pg/create-restore-point";

/**
 * "Create restore point": a name to restore to later (before a migration, say). Names are unique
 * per cluster in Wayback (PostgreSQL allows repeats, and recovery would stop at the first).
 */
export async function createRestorePoint(db: Db, opts: { clusterId: string; name: string; secretKey: Buffer }): Promise<RestorePoint> {
  const { clusterId, name } = opts;
  if (await db.restorePoint.findUnique({ where: { clusterId_name: { clusterId, name } } })) {
    throw new AppError("conflict", `This cluster already has a restore point named "${name}".`, { name: ["Choose a name not used yet."] });
  }
  const target = await connectionTarget(db, clusterId, opts.secretKey);
  let created;
  try {
    created = await createOnServer(target, name);
  } catch (err) {
    const message = (err as Error).message;
    const fix = /permission denied/i.test(message)
      ? " The role needs SUPERUSER or: GRANT EXECUTE ON FUNCTION pg_create_restore_point(text), pg_switch_wal() TO <role>;"
      : "";
    throw new AppError("not_ready", `PostgreSQL refused to create the restore point: ${message}.${fix}`);
  }
  return db.restorePoint.create({ data: { clusterId, name, lsn: created.lsn, timeline: created.timeline, createdAt: created.createdAt } });
}
