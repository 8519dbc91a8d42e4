/**
 * The `pgbackrest restore` arguments for a Wayback restore target: the same targets as native
 * restores (lib/domain/restore-target-input.ts), so the restore form and planner do not know which
 * engine serves them. A restore to a new copy gets its own data directory and never archives into
 * the stanza (archive-mode=off); an in-place restore overwrites only what differs (--delta).
 */
import { postgresTime } from "./recovery-settings";
import type { RestoreTarget } from "./restore-target-input";

export interface PgBackRestRestoreOptions {
  target: RestoreTarget;
  /** The set to start from (the planner's choice); null lets pgBackRest pick by the target. */
  setLabel: string | null;
  dataDir: string;
  /** In place, over the cluster's own data directory. */
  inPlace: boolean;
}

export function pgBackRestRestoreArgs(opts: PgBackRestRestoreOptions): string[] {
  const args = [...targetArgs(opts.target), `--pg1-path=${opts.dataDir}`];
  if (opts.setLabel) args.push(`--set=${opts.setLabel}`);
  if (opts.inPlace) args.push("--delta");
  else args.push("--archive-mode=off");
  return args;
}

function targetArgs(target: RestoreTarget): string[] {
  const exclusive = "inclusive" in target && !target.inclusive ? ["--target-exclusive"] : [];
  switch (target.kind) {
    case "latest":
      return ["--type=default"];
    case "immediate":
      return ["--type=immediate", "--target-action=promote"];
    case "time":
      return ["--type=time", `--target=${postgresTime(target.time)}`, ...exclusive, "--target-action=promote"];
    case "name":
      return ["--type=name", `--target=${target.name}`, "--target-action=promote"];
    case "lsn":
      return ["--type=lsn", `--target=${target.lsn}`, ...exclusive, "--target-action=promote"];
    case "xid":
      return ["--type=xid", `--target=${target.xid}`, ...exclusive, "--target-action=promote"];
  }
}

/**
 * `pgbackrest restore` of a set's files only (--type=none: no recovery settings), for Wayback's own
 * restore and drill steps, which write the target, timeline and archive_mode as for native backups.
 */
export function pgBackRestBaseArgs(opts: { setLabel: string; dataDir: string; inPlace: boolean }): string[] {
  return ["--type=none", `--pg1-path=${opts.dataDir}`, `--set=${opts.setLabel}`, ...(opts.inPlace ? ["--delta"] : [])];
}
