/**
 * The settings a restored copy starts with. A copy must never archive into the production
 * archive (archive_mode off), fetches WAL with Wayback's restore_command, and stops at exactly one
 * target. Pure, so every restore (new instance, in place, drill) configures recovery the same way.
 */
export interface RecoveryTargetSpec {
  target: "time" | "name" | "lsn" | "xid" | "immediate" | "latest";
  value: string | null;
  inclusive: boolean | null;
}

export function recoverySettings(opts: {
  target: RecoveryTargetSpec;
  timeline: number;
  restoreCommand: string;
  pauseAtTarget: boolean;
  /** A copy beside production must not archive into its archive; a cluster restored in place
   *  keeps archiving as it did. Default true. */
  archiveOff?: boolean;
}): Record<string, string | boolean> {
  const { target } = opts;
  const settings: Record<string, string | boolean> = {
    restore_command: opts.restoreCommand,
    recovery_target_timeline: String(opts.timeline),
    // Lets Wayback follow replay (pg_last_wal_replay_lsn) while recovery runs.
    hot_standby: true,
  };
  if (opts.archiveOff ?? true) {
    settings.archive_mode = false;
    settings.archive_command = "";
  }
  switch (target.target) {
    case "time":
      settings.recovery_target_time = postgresTime(required(target));
      break;
    case "name":
      settings.recovery_target_name = required(target);
      break;
    case "lsn":
      settings.recovery_target_lsn = required(target);
      break;
    case "xid":
      settings.recovery_target_xid = required(target);
      break;
    case "immediate":
      settings.recovery_target = "immediate";
      break;
    case "latest":
      break; // replay everything archived, then promote
  }
  if (target.target === "time" || target.target === "lsn" || target.target === "xid") {
    settings.recovery_target_inclusive = target.inclusive ?? true;
  }
  if (target.target !== "latest") settings.recovery_target_action = opts.pauseAtTarget ? "pause" : "promote";
  return settings;
}

function required(t: RecoveryTargetSpec): string {
  if (t.value === null || t.value === "") throw new Error(`A ${t.target} target needs a value.`);
  return t.value;
}

/**
 * PostgreSQL parses recovery_target_time before it has loaded time zone abbreviations, so "Z" (or
 * "UTC") is refused at startup: write the offset as a number ("2026-11-24 14:30:00.123456+00:00").
 */
export function postgresTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:\.\d+)?)\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i.exec(iso.trim());
  if (!m) throw new Error(`Not an ISO 8601 time with an offset: ${iso}`);
  const offset =
    m[3]!.toUpperCase() === "Z"
      ? "+00:00"
      : m[3]!.length === 3
        ? `${m[3]}:00`
        : m[3]!.includes(":")
          ? m[3]!
          : `${m[3]!.slice(0, 3)}:${m[3]!.slice(3)}`;
  return `${m[1]} ${m[2]}${offset}`;
}
