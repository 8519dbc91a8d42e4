"use client";

import { useRouter } from "next/navigation";
import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { useTimeline } from "@/components/backups/backup-queries";
import { useClusterJobs } from "@/components/clusters/cluster-queries";
import { JobsTable } from "@/components/jobs/jobs-table";
import { MonitorSummary } from "@/components/monitoring/monitor-summary";
import { useMonitoring } from "@/components/monitoring/monitoring-queries";
import { RecoveryTimeline } from "@/components/timeline/recovery-timeline";
import { restoreFormHref } from "@/components/restores/restore-links";
import { SectionHeading } from "@/components/ui/section-heading";

/** The cluster page's first section: the recovery timeline, monitoring, and the recent jobs. */
export function OverviewTab({ clusterId, canRestore }: { clusterId: string; canRestore: boolean }) {
  const router = useRouter();
  const timeline = useTimeline(clusterId);
  const jobs = useClusterJobs(clusterId);
  const monitoring = useMonitoring(clusterId);
  return (
    <div className="space-y-6">
      <section aria-labelledby="timeline-heading">
        <SectionHeading id="timeline-heading">Timeline</SectionHeading>
        {timeline.data ? (
          <>
            {timeline.isError ? (
              <ErrorAlert title="Could not refresh the timeline; showing the last known picture." message={errorMessage(timeline.error)} />
            ) : null}
            <RecoveryTimeline
              timeline={timeline.data}
              onPick={canRestore ? (pick) => router.push(restoreFormHref(clusterId, pick)) : undefined}
              restorePointHref={canRestore ? (name) => restoreFormHref(clusterId, { kind: "name", name }) : undefined}
            />
          </>
        ) : timeline.isError ? (
          <ErrorAlert title="Could not load the timeline." message={errorMessage(timeline.error)} />
        ) : (
          <p className="text-sm text-neutral-500">Loading timeline…</p>
        )}
      </section>

      <section aria-labelledby="monitor-heading">
        <SectionHeading id="monitor-heading">Monitoring</SectionHeading>
        {monitoring.data ? (
          <MonitorSummary monitoring={monitoring.data} />
        ) : (
          <p className="text-sm text-neutral-500">{monitoring.isError ? "Not available." : "Loading…"}</p>
        )}
      </section>

      <section aria-labelledby="jobs-heading">
        <SectionHeading id="jobs-heading">Recent jobs</SectionHeading>
        {jobs.data ? (
          <JobsTable jobs={jobs.data} />
        ) : jobs.isError ? (
          <ErrorAlert title="Could not load the jobs." message={errorMessage(jobs.error)} />
        ) : (
          <p className="text-sm text-neutral-500">Loading jobs…</p>
        )}
      </section>
    </div>
  );
}
