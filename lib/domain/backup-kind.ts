/**
 * Backup kinds per engine (decision 0029): Wayback's own engine copies a full backup every time;
 * pgBackRest also takes differential (against the last full) and incremental (against the last
 * backup) ones. The forms offer and policies schedule only what the cluster's engine takes
 * (requestBackup refuses the rest).
 */
import { PGBACKREST_BACKUP_KINDS, type PgBackRestBackupKind as BackupKindName } from "./pgbackrest-info";

export type { BackupKindName };

export const BACKUP_ENGINES = ["wayback", "pgbackrest"] as const;
export type BackupEngineName = (typeof BACKUP_ENGINES)[number];

export const BACKUP_KIND_LABEL: Record<BackupKindName, string> = {
  full: "Full",
  diff: "Differential",
  incr: "Incremental",
};

/** The kinds an engine takes, full first. */
export function kindsFor(engine: BackupEngineName): readonly BackupKindName[] {
  return engine === "pgbackrest" ? PGBACKREST_BACKUP_KINDS : ["full"];
}

/** The policy's schedules of differential and incremental backups (null: not scheduled). */
export interface PartialBackupSchedules {
  backupDiffCron: string | null;
  backupIncrCron: string | null;
}

/**
 * Why a policy cannot schedule these clusters, or null: a Wayback-engine cluster cannot follow a
 * policy that schedules differential or incremental backups.
 */
export function policyKindRefusal(policy: PartialBackupSchedules, clusters: { name: string; engine: BackupEngineName }[]): string | null {
  if (policy.backupDiffCron === null && policy.backupIncrCron === null) return null;
  const wayback = clusters.filter((c) => c.engine === "wayback").map((c) => c.name);
  if (wayback.length === 0) return null;
  return (
    `Differential and incremental schedules need the pgBackRest engine, and ${wayback.join(", ")} ` +
    `${wayback.length === 1 ? "uses" : "use"} Wayback's own: leave those schedules empty, or give ` +
    `${wayback.length === 1 ? "that cluster" : "those clusters"} a policy without them.`
  );
}

export interface ChainLink {
  id: string;
  label: string;
  kind: BackupKindName;
  parentBackupId: string | null;
}

/**
 * A backup's parent chain: its parent, the parent's parent, … down to the full it restores from.
 * A link the catalog no longer holds ends the chain (the caller reads them by id).
 */
export function parentChain(start: ChainLink, byId: ReadonlyMap<string, ChainLink>): ChainLink[] {
  const chain: ChainLink[] = [];
  const seen = new Set([start.id]);
  for (let id = start.parentBackupId; id !== null && !seen.has(id);) {
    const link = byId.get(id);
    if (!link) break;
    chain.push(link);
    seen.add(id);
    id = link.parentBackupId;
  }
  return chain;
}
