import type { DumpRestoreView, DumpView } from "@/lib/dumps/dump-view";
import type { StatusLabel } from "@/components/ui/status-badge";

const DUMP_STATUS: Record<DumpView["status"], StatusLabel> = {
  running: { label: "Running", tone: "blue" },
  complete: { label: "Complete", tone: "green" },
  failed: { label: "Failed", tone: "red" },
};

export function dumpStatus(status: DumpView["status"]): StatusLabel {
  return DUMP_STATUS[status];
}

const RESTORE_STATUS: Record<DumpRestoreView["status"], StatusLabel> = {
  running: { label: "Restoring", tone: "blue" },
  complete: { label: "Restored", tone: "green" },
  failed: { label: "Failed", tone: "red" },
};

export function dumpRestoreStatus(status: DumpRestoreView["status"]): StatusLabel {
  return RESTORE_STATUS[status];
}

/** The worker's dump and dump-restore phases as people say them. */
const PHASES: Record<string, string> = {
  prepare: "Preparing",
  dump: "Dumping",
  verify: "Reading the archive back",
  store: "Writing the manifest",
  check: "Checking the dump's checksums",
  instance: "Starting the new instance",
  database: "Creating the database",
  restore: "Restoring",
};

export function dumpPhaseLabel(phase: string | null | undefined): string {
  if (!phase) return "Starting";
  return PHASES[phase] ?? phase;
}

export const FORMAT_LABELS: Record<DumpView["format"], string> = {
  custom: "Custom (pg_restore)",
  directory: "Directory (parallel)",
  plain: "Plain SQL",
};

export function verifiedLabel(d: Pick<DumpView, "verified" | "status">): StatusLabel {
  if (d.verified === true) return { label: "Verified", tone: "green" };
  if (d.verified === false) return { label: "Verification failed", tone: "red" };
  return { label: d.status === "running" ? "Pending" : "Not verified", tone: "grey" };
}
