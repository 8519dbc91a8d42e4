"use client";

import Link from "next/link";
import type { BackupDetailView } from "@/lib/backups/backup-view";
import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { BackupFilesTable } from "@/components/backups/backup-files-table";
import { BackupProgress } from "@/components/backups/backup-progress";
import { useBackup } from "@/components/backups/backup-queries";
import { backupCheckLabel, backupStatus } from "@/components/backups/backup-status";
import { BackupSummary } from "@/components/backups/backup-summary";
import { DeleteBackupDialog } from "@/components/backups/delete-backup-dialog";
import { JobAttempts } from "@/components/jobs/job-attempts";
import { LoadFailure } from "@/components/ui/load-failure";
import { PageHeader } from "@/components/ui/page-header";
import { SectionHeading } from "@/components/ui/section-heading";
import { StatusBadge } from "@/components/ui/status-badge";
import { BackupVerification } from "@/components/verification/verification-backup";

export function BackupClient({ id, canDelete }: { id: string; canDelete: boolean }) {
  const backup = useBackup(id);

  if (!backup.data) {
    if (backup.isError) return <LoadFailure error={backup.error} what="backup" backHref="/backups" backLabel="← Back to backups" />;
    return <p className="text-sm text-neutral-500">Loading backup…</p>;
  }

  const b = backup.data;
  const status = backupStatus(b.status);
  return (
    <>
      <PageHeader
        back={
          <span className="flex gap-3">
            <Link href="/backups" className="text-sky-800 hover:underline">
              ← Backups
            </Link>
            <Link href={`/clusters/${encodeURIComponent(b.clusterId)}`} className="text-sky-800 hover:underline">
              {b.clusterName}
            </Link>
          </span>
        }
        title={
          <span className="flex items-center gap-3">
            <span className="truncate">Backup {b.label}</span>
            <StatusBadge tone={status.tone}>{status.label}</StatusBadge>
          </span>
        }
        summary={`Full backup of ${b.clusterName}.`}
        actions={
          canDelete && (b.status === "complete" || b.status === "failed") ? <DeleteBackupDialog backupId={b.id} label={b.label} /> : null
        }
      />

      <div className="space-y-5">
        {backup.isError ? (
          <ErrorAlert title="Could not refresh this backup; showing the last known state." message={errorMessage(backup.error)} />
        ) : null}
        {b.status === "failed" && b.error ? (
          <div className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
            <p className="font-medium">The backup failed.</p>
            <p className="break-words">{b.error}</p>
          </div>
        ) : null}
        {b.status === "running" ? <BackupProgress backup={b} queuedJob={null} measuredAt={backup.dataUpdatedAt} /> : null}

        <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
          <section aria-labelledby="summary-heading">
            <SectionHeading id="summary-heading">Summary</SectionHeading>
            <BackupSummary backup={b} />
          </section>
          <section aria-labelledby="verify-heading">
            <SectionHeading id="verify-heading">Checked at backup</SectionHeading>
            <CheckAtBackup backup={b} />
          </section>
        </div>

        {b.status === "complete" ? (
          <section aria-labelledby="latest-verification-heading">
            <SectionHeading id="latest-verification-heading">Latest verification</SectionHeading>
            <BackupVerification clusterId={b.clusterId} backupId={b.id} />
          </section>
        ) : null}

        <section aria-labelledby="files-heading">
          <SectionHeading id="files-heading">Files</SectionHeading>
          <BackupFilesTable files={b.files} />
        </section>

        {b.job ? (
          <section aria-labelledby="attempts-heading">
            <SectionHeading id="attempts-heading">Job attempts</SectionHeading>
            <JobAttempts jobId={b.job.id} />
          </section>
        ) : null}

        {/* Not a labelled region: "Job log" names the <pre> alone. */}
        <section>
          <SectionHeading id="log-heading">Job log</SectionHeading>
          {b.jobLog ? (
            <pre
              aria-label="Job log"
              tabIndex={0}
              className="max-h-[32rem] overflow-auto rounded bg-neutral-900 px-3 py-2 font-mono text-xs leading-relaxed whitespace-pre-wrap break-words text-neutral-100"
            >
              {b.jobLog}
            </pre>
          ) : (
            <p className="text-sm text-neutral-500">No log was recorded for this backup.</p>
          )}
        </section>
      </div>
    </>
  );
}

/** The backup job's own check of the copy against backup_manifest, before it was stored. */
function CheckAtBackup({ backup: b }: { backup: BackupDetailView }) {
  const v = backupCheckLabel(b);
  const what =
    b.verified === true
      ? "The backup job checked the copy against its backup_manifest before storing it."
      : b.verified === false
        ? "The copy did not match its backup_manifest: do not rely on this backup."
        : b.status === "running"
          ? "The check runs after the copy."
          : "The backup job did not check this copy.";
  return (
    <div className="space-y-2 rounded border border-neutral-200 bg-white px-3 py-2.5 text-sm">
      <p className="flex flex-wrap items-center gap-2">
        <StatusBadge tone={v.tone}>{v.label}</StatusBadge>
        <span className="text-neutral-700">{what}</span>
      </p>
      {b.verifyDetail ? (
        <pre
          aria-label="Verification result"
          className="overflow-x-auto rounded bg-neutral-50 px-2.5 py-1.5 font-mono text-xs whitespace-pre-wrap break-words text-neutral-800 ring-1 ring-neutral-200 ring-inset"
        >
          {b.verifyDetail}
        </pre>
      ) : null}
    </div>
  );
}
