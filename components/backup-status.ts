import type { BackupView } from "@/lib/views/backup-view";
import type { StatusLabel } from "@/components/cluster-status";

const BACKUP_STATUS: Record<BackupView["status"], StatusLabel> = {
  running: { label: "Running", tone: "blue" },
  complete: { label: "Complete", tone: "green" },
  failed: { label: "Failed", tone: "red" },
  expiring: { label: "Expiring", tone: "grey" },
};

export function backupStatus(status: BackupView["status"]): StatusLabel {
  return BACKUP_STATUS[status];
}

/** The worker's backup phases as people say them; unknown phases show as stored. */
const PHASES: Record<string, string> = {
  prepare: "Preparing",
  copy: "Copying data files",
  verify: "Verifying",
  store: "Storing in the repository",
};

export function backupPhaseLabel(phase: string | null | undefined): string {
  if (!phase) return "Starting";
  return PHASES[phase] ?? phase;
}

/** What the "Verified" column says. */
export function verifiedLabel(b: Pick<BackupView, "verified" | "status">): StatusLabel {
  if (b.verified === true) return { label: "Verified", tone: "green" };
  if (b.verified === false) return { label: "Verification failed", tone: "red" };
  return { label: b.status === "running" ? "Pending" : "Not verified", tone: "grey" };
}
