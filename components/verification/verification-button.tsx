"use client";

import { useState } from "react";
import { buttonClass } from "@/components/ui/button-styles";
import { useClusterJobs } from "@/components/clusters/cluster-queries";
import { useReadableRepositories } from "@/components/drills/drill-queries";
import { repositoryLabel } from "@/components/drills/repository-choice";
import { useVerifyNow } from "@/components/verification/verification-queries";
import { pendingVerificationJob } from "@/components/verification/verification-status";

/**
 * "Verify": read every backup and the WAL archive back from the repository. With copy
 * repositories, a choice of which one beside it (the primary by default). Errors show in
 * VerificationPanel.
 */
export function VerifyButton({ clusterId }: { clusterId: string }) {
  const jobs = useClusterJobs(clusterId);
  const verify = useVerifyNow(clusterId);
  const readable = useReadableRepositories(clusterId);
  const [repositoryId, setRepositoryId] = useState("");
  const busy = pendingVerificationJob(jobs.data) !== null;
  const repositories = readable.data?.repositories ?? [];
  return (
    <span className="inline-flex items-center gap-1">
      {repositories.length > 1 ? (
        <select
          aria-label="Repository to verify"
          value={repositoryId}
          onChange={(e) => setRepositoryId(e.target.value)}
          className="rounded border border-neutral-300 px-2 py-1.5 text-sm"
        >
          {repositories.map((r) => (
            <option key={r.repositoryId} value={r.role === "primary" ? "" : r.repositoryId}>
              {repositoryLabel(r)}
            </option>
          ))}
        </select>
      ) : null}
      <button
        type="button"
        className={buttonClass("secondary")}
        onClick={() => verify.mutate(repositoryId || undefined)}
        disabled={busy || verify.isPending}
        title={
          busy
            ? "A verification of this cluster is running."
            : "Read every backup and the WAL archive back from the repository and check them."
        }
      >
        Verify
      </button>
    </span>
  );
}
