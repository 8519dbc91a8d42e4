import { JOB_TYPES, type JobType } from "@/lib/queue/job-types";
import type { JobView } from "@/lib/jobs/job-view";
import type { StatusLabel } from "@/components/ui/status-badge";

const JOB_STATUS: Record<JobView["status"], StatusLabel> = {
  queued: { label: "Queued", tone: "grey" },
  running: { label: "Running", tone: "blue" },
  succeeded: { label: "Succeeded", tone: "green" },
  failed: { label: "Failed", tone: "red" },
};

export function jobStatus(status: JobView["status"]): StatusLabel {
  return JOB_STATUS[status];
}

/** Job types as people say them, from the job types ("cluster.check" → "Check connection"). Unknown types show as stored. */
export function jobTypeLabel(type: string): string {
  return type in JOB_TYPES ? JOB_TYPES[type as JobType].description : type;
}
