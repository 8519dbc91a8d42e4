import type { RestoreView } from "@/lib/restores/restore-view";
import type { StatusLabel } from "@/components/ui/status-badge";
import { formatLocalTime, formatUtcTime } from "@/components/ui/format";

const RESTORE_STATUS: Record<RestoreView["status"], StatusLabel> = {
  queued: { label: "Queued", tone: "grey" },
  running: { label: "Running", tone: "blue" },
  paused: { label: "Paused at target", tone: "amber" },
  complete: { label: "Complete", tone: "green" },
  failed: { label: "Failed", tone: "red" },
  discarded: { label: "Discarded", tone: "grey" },
};

export function restoreStatus(status: RestoreView["status"]): StatusLabel {
  return RESTORE_STATUS[status];
}

/** The worker's restore phases (worker/processors/restore.ts) as people say them; unknown ones show as stored. */
const PHASES: Record<string, string> = {
  prepare: "Preparing",
  "restore base": "Restoring the base backup",
  configure: "Configuring recovery",
  replay: "Replaying WAL",
  verify: "Verifying",
};

export function restorePhaseLabel(phase: string | null | undefined): string {
  if (!phase) return "Starting";
  return PHASES[phase] ?? phase;
}

/** Phases whose progress is counted in bytes (the others show an indeterminate bar). */
export const BYTE_PHASES: ReadonlySet<string> = new Set(["restore base", "replay"]);

/** A recovery target in words: "Time 2025-11-24 23:27:05 (… UTC), inclusive", "Restore point before-migration". */
export function describeTarget(target: RestoreView["target"]): string {
  const inclusive = target.inclusive === null ? "" : target.inclusive ? ", inclusive" : ", exclusive";
  switch (target.kind) {
    case "time":
      return target.value ? `Time ${formatLocalTime(target.value)} (${formatUtcTime(target.value)})${inclusive}` : "Time";
    case "name":
      return `Restore point ${target.value ?? ""}`.trim();
    case "lsn":
      return `LSN ${target.value ?? ""}${inclusive}`;
    case "xid":
      return `Transaction id ${target.value ?? ""}${inclusive}`;
    case "immediate":
      return "End of the backup";
    case "latest":
      return "Latest (all archived WAL)";
    default:
      return target.value ? `${target.kind} ${target.value}` : target.kind;
  }
}
