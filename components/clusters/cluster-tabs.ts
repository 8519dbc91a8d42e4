/**
 * The cluster page's sections, one shown at a time. The chosen one lives in the URL (`?tab=`), so
 * a link or a reload opens the same section; anything unknown falls back to the overview.
 */
export const CLUSTER_TABS = [
  { id: "overview", label: "Overview" },
  { id: "backups", label: "Backups" },
  { id: "restores", label: "Restores" },
  { id: "what-happened", label: "What happened" },
  { id: "drills", label: "Drills" },
  { id: "dumps", label: "Dumps" },
  { id: "policy", label: "Policy" },
  { id: "archiving", label: "Archiving" },
  { id: "readiness", label: "Readiness" },
] as const;

export type ClusterTab = (typeof CLUSTER_TABS)[number]["id"];

export function clusterTab(param: string | null | undefined): ClusterTab {
  return CLUSTER_TABS.find((t) => t.id === param)?.id ?? "overview";
}

/** The cluster page opened at one section: the overview is the bare URL. */
export function clusterTabHref(clusterId: string, tab: ClusterTab): string {
  const base = `/clusters/${encodeURIComponent(clusterId)}`;
  return tab === "overview" ? base : `${base}?tab=${tab}`;
}
