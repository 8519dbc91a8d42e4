"use client";

import Link from "next/link";
import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { VerificationFindingsTable } from "@/components/verification/verification-findings";
import { formatBytes } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { useBackupVerification } from "@/components/verification/verification-queries";

/** The backup page's view of the newest cluster verification that read this backup back. */
export function BackupVerification({ clusterId, backupId }: { clusterId: string; backupId: string }) {
  const latest = useBackupVerification(clusterId, backupId);
  if (latest.isError) return <ErrorAlert title="Could not load this backup's verification." message={errorMessage(latest.error)} />;
  if (latest.data === undefined) return <p className="text-sm text-neutral-500">Loading…</p>;
  const v = latest.data;
  if (!v) {
    return (
      <p className="rounded border border-dashed border-neutral-300 bg-white px-3 py-4 text-sm text-neutral-600">
        No verification has read this backup back from the repository yet (“Verify” on the{" "}
        <Link href={`/clusters/${encodeURIComponent(clusterId)}`} className="text-sky-800 hover:underline">
          cluster page
        </Link>
        ).
      </p>
    );
  }
  // Narrowed to this backup by the API: a backup points at a verification only once that
  // verification stored its result for it (finishVerificationRecord), so there is one.
  const result = v.results[0]!;
  const ok = result.findings === 0;
  return (
    <div className="space-y-3">
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        <StatusBadge tone={ok ? "green" : "red"}>{ok ? "Passed" : "Failed"}</StatusBadge>
        <span className="text-neutral-700">
          Read back <Time iso={v.finishedAt} />: {result.files} {result.files === 1 ? "file" : "files"} ({formatBytes(result.bytes)}),{" "}
          {ok
            ? "every one as recorded, and pg_verifybackup's checks passed."
            : `${result.findings} ${result.findings === 1 ? "problem" : "problems"}: do not rely on this backup.`}
        </span>
      </p>
      {v.findings.length > 0 ? (
        <VerificationFindingsTable findings={v.findings} total={v.findingCount} caption="Findings for this backup" />
      ) : null}
    </div>
  );
}
