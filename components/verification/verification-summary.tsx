import type { VerificationView } from "@/lib/verification/verification-view";
import { formatBytes, formatDuration } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { verificationStatus } from "@/components/verification/verification-status";

/** One finished verification in a line: passed or failed, when, what was read, and why it failed. */
export function VerificationSummary({ verification: v }: { verification: VerificationView }) {
  const status = verificationStatus(v.status);
  return (
    <div className="space-y-1 text-sm">
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <StatusBadge tone={status.tone}>{status.label}</StatusBadge>
        <span className="text-neutral-700">
          Finished <Time iso={v.finishedAt} />
          {v.repository ? ` reading ${v.repository.name}` : ""}: {v.filesChecked} {v.filesChecked === 1 ? "file" : "files"} (
          {formatBytes(v.bytesChecked)}) read back in {formatDuration(v.durationMs)}
          {v.findingCount > 0
            ? `, ${v.findingCount} ${v.findingCount === 1 ? "problem" : "problems"} found.`
            : v.error
              ? "."
              : ", every one as recorded."}
        </span>
      </p>
      {v.error ? <p className="break-words text-red-800">The verification could not finish: {v.error}</p> : null}
    </div>
  );
}
