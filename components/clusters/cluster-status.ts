import { JOB_TYPES, type JobType } from "@/lib/queue/job-types";
import type { ClusterView } from "@/lib/clusters/cluster-view";
import type { JobView } from "@/lib/jobs/job-view";
import type { Tone } from "@/components/ui/status-badge";

export interface StatusLabel {
  label: string;
  tone: Tone;
}

/** What the last connection check says about a cluster, in one word or two. */
export function clusterStatus(cluster: Pick<ClusterView, "lastCheck" | "pendingCheck">): StatusLabel {
  if (cluster.pendingCheck) return { label: "Checking…", tone: "blue" };
  const check = cluster.lastCheck;
  if (!check) return { label: "Not checked", tone: "grey" };
  if (!check.reachable) return { label: "Unreachable", tone: "red" };
  if (check.ready) return { label: "Ready", tone: "green" };
  return { label: "Needs attention", tone: "amber" };
}

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
