import type { BackupView } from "@/lib/backups/backup-view";
import type { StatusLabel } from "@/components/ui/status-badge";

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

/**
 * The backup job's own check, at backup time, of the copy against its backup_manifest. Named
 * apart from "Verified", which is the later repository verification (repositoryCheckLabel).
 */
export function backupCheckLabel(b: Pick<BackupView, "verified" | "status">): StatusLabel {
  if (b.verified === true) return { label: "Checked at backup", tone: "green" };
  if (b.verified === false) return { label: "Check at backup failed", tone: "red" };
  return { label: b.status === "running" ? "Pending" : "Not checked", tone: "grey" };
}

/** The newest repository verification of this backup: "Verified" (when, beside it), or not yet. */
export function repositoryCheckLabel(b: Pick<BackupView, "repositoryCheck">): StatusLabel {
  if (!b.repositoryCheck) return { label: "Not verified yet", tone: "grey" };
  return b.repositoryCheck.passed ? { label: "Verified", tone: "green" } : { label: "Verification failed", tone: "red" };
}
