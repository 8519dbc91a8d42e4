import type { DrillView } from "@/lib/drills/drill-view";
import type { StatusLabel } from "@/components/ui/status-badge";
import { formatBytes, formatDuration } from "@/components/ui/format";

const DRILL_STATUS: Record<DrillView["status"], StatusLabel> = {
  queued: { label: "Queued", tone: "grey" },
  running: { label: "Running", tone: "blue" },
  passed: { label: "Passed", tone: "green" },
  failed: { label: "Failed", tone: "red" },
};

export const drillStatus = (status: DrillView["status"]): StatusLabel => DRILL_STATUS[status];

/** The drill's phases (worker/processors/drill.ts) as people say them. */
const PHASES: Record<string, string> = {
  prepare: "Preparing",
  target: "Setting the target",
  "restore base": "Restoring the base backup",
  configure: "Configuring recovery",
  replay: "Replaying WAL",
  check: "Checking the copy",
  "clean up": "Cleaning up",
};

export const drillPhaseLabel = (phase: string | null | undefined): string => (phase ? (PHASES[phase] ?? phase) : "Starting");

/** "4 min 12 s for 38 GB": the measured recovery time of a finished drill. */
export function describeRto(d: DrillView): string | null {
  const recovery = d.timings.baseMs !== null && d.timings.replayMs !== null ? d.timings.baseMs + d.timings.replayMs : null;
  if (recovery === null) return null;
  return `${formatDuration(recovery)} for ${formatBytes(d.baseBytes)}${d.walBytes ? ` + ${formatBytes(d.walBytes)} of WAL` : ""}`;
}
