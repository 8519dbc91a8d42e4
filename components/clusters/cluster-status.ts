import type { ClusterView } from "@/lib/clusters/cluster-view";
import type { StatusLabel } from "@/components/ui/status-badge";

/** What the last connection check says about a cluster, in one word or two. */
export function clusterStatus(cluster: Pick<ClusterView, "lastCheck" | "pendingCheck">): StatusLabel {
  if (cluster.pendingCheck) return { label: "Checking…", tone: "blue" };
  const check = cluster.lastCheck;
  if (!check) return { label: "Not checked", tone: "grey" };
  if (!check.reachable) return { label: "Unreachable", tone: "red" };
  if (check.ready) return { label: "Ready", tone: "green" };
  return { label: "Needs attention", tone: "amber" };
}
