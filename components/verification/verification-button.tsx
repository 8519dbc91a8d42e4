"use client";

import { buttonClass } from "@/components/ui/button-styles";
import { useClusterJobs } from "@/components/clusters/cluster-queries";
import { useVerifyNow } from "@/components/verification/verification-queries";
import { pendingVerificationJob } from "@/components/verification/verification-status";

/** "Verify": read every backup and the WAL archive back from the repository. Errors show in VerificationPanel. */
export function VerifyButton({ clusterId }: { clusterId: string }) {
  const jobs = useClusterJobs(clusterId);
  const verify = useVerifyNow(clusterId);
  const busy = pendingVerificationJob(jobs.data) !== null;
  return (
    <button
      type="button"
      className={buttonClass("secondary")}
      onClick={() => verify.mutate()}
      disabled={busy || verify.isPending}
      title={
        busy
          ? "A verification of this cluster is running."
          : "Read every backup and the WAL archive back from the repository and check them."
      }
    >
      Verify
    </button>
  );
}
