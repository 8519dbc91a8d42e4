"use client";

import Link from "next/link";
import type { JobView } from "@/lib/jobs/job-view";
import { jobFinished, useJob } from "@/components/jobs/use-job";

/**
 * Says why a job is not moving when no live worker can take it ("Waiting for a worker on
 * db-backup-2"), as GET /api/v1/jobs/:id judges it, so a queued job does not just look stuck.
 */
export function JobWaitingNote({ job }: { job: Pick<JobView, "id" | "status"> | null }) {
  const detail = useJob(job && !jobFinished(job) ? job.id : null);
  const waitingFor = detail.data && !jobFinished(detail.data) ? detail.data.waitingFor : null;
  if (!waitingFor) return null;
  return <WaitingText waitingFor={waitingFor} />;
}

export function WaitingText({ waitingFor }: { waitingFor: string }) {
  return (
    <p role="status" className="text-sm text-amber-800">
      {waitingFor.charAt(0).toUpperCase() + waitingFor.slice(1)} (
      <Link href="/workers" className="underline">
        Workers
      </Link>
      )
    </p>
  );
}
