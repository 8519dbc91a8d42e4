"use client";

import { useMutationState } from "@tanstack/react-query";
import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { useClusterJobs } from "@/components/clusters/cluster-queries";
import { VerificationFindingsTable } from "@/components/verification/verification-findings";
import { VerificationProgress } from "@/components/verification/verification-progress";
import { useRecentVerifications, verificationKeys } from "@/components/verification/verification-queries";
import { VerificationResultsTable } from "@/components/verification/verification-results";
import { pendingVerificationJob } from "@/components/verification/verification-status";
import { VerificationSummary } from "@/components/verification/verification-summary";

/**
 * The cluster page's verification section: a running (or queued) verification's progress, and
 * the last finished one's outcome per backup and per WAL range, with every problem it found.
 */
export function VerificationPanel({ clusterId, canStart }: { clusterId: string; canStart: boolean }) {
  const jobs = useClusterJobs(clusterId);
  const pending = pendingVerificationJob(jobs.data);
  const recent = useRecentVerifications(clusterId, pending !== null);
  const startError = useMutationState({ filters: { mutationKey: verificationKeys.start(clusterId) }, select: (m) => m.state.error }).at(-1);

  const running = recent.data?.find((v) => v.status === "running") ?? null;
  const finished = recent.data?.find((v) => v.status !== "running") ?? null;
  // A queued (or just started) job whose verification row is not there yet; not one whose row already finished.
  const waiting = pending && !recent.data?.some((v) => v.job?.id === pending.id) ? pending : null;

  return (
    <div className="space-y-3">
      {startError ? <ErrorAlert title="Could not start a verification." message={errorMessage(startError)} /> : null}
      {running || waiting ? <VerificationProgress verification={running} queuedJob={waiting} measuredAt={recent.dataUpdatedAt} /> : null}
      {recent.isError ? <ErrorAlert title="Could not load the verifications." message={errorMessage(recent.error)} /> : null}
      {finished ? (
        <>
          <VerificationSummary verification={finished} />
          {finished.results.length > 0 ? <VerificationResultsTable results={finished.results} /> : null}
          {finished.findings.length > 0 ? (
            <VerificationFindingsTable findings={finished.findings} total={finished.findingCount} caption="Verification findings" />
          ) : null}
        </>
      ) : recent.data && !running ? (
        <p className="rounded border border-dashed border-neutral-300 bg-white px-3 py-4 text-sm text-neutral-600">
          Not verified yet.
          {canStart ? " Use “Verify” to read every backup and the WAL archive back from the repository and check them." : ""}
        </p>
      ) : !recent.data && !recent.isError ? (
        <p className="text-sm text-neutral-500">Loading verifications…</p>
      ) : null}
    </div>
  );
}
