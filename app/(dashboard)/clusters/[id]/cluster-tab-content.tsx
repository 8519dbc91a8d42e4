"use client";

import type { ClusterView } from "@/lib/clusters/cluster-view";
import type { ClusterTab } from "@/components/clusters/cluster-tabs";
import { DrillsPanel } from "@/components/drills/drills-panel";
import { DumpsPanel } from "@/components/dumps/dumps-panel";
import { PolicyPanel } from "@/components/policies/policy-panel";
import type { ClusterPermissions } from "@/components/users/permissions";
import { ArchivingTab } from "@/app/(dashboard)/clusters/[id]/archiving-tab";
import { OverviewTab } from "@/app/(dashboard)/clusters/[id]/overview-tab";
import { ReadinessTab } from "@/app/(dashboard)/clusters/[id]/readiness-tab";
import { RestoresTab } from "@/app/(dashboard)/clusters/[id]/restores-tab";
import { WhatHappenedTab } from "@/app/(dashboard)/clusters/[id]/what-happened-tab";

/** The sections that fetch what they show themselves (every tab but "Backups", whose data the page already holds). */
export function ClusterTabContent({
  tab,
  cluster: c,
  permissions,
}: {
  tab: Exclude<ClusterTab, "backups">;
  cluster: ClusterView;
  permissions: ClusterPermissions;
}) {
  switch (tab) {
    case "overview":
      return <OverviewTab clusterId={c.id} canRestore={permissions.restore} />;
    case "restores":
      return <RestoresTab cluster={c} canRestore={permissions.restore} />;
    case "drills":
      return <DrillsPanel clusterId={c.id} canRun={permissions.prove} />;
    case "dumps":
      return <DumpsPanel clusterId={c.id} clusterName={c.name} defaultDatabase={c.database} canDump={permissions.backup} />;
    case "policy":
      return <PolicyPanel clusterId={c.id} canManage={permissions.manage} />;
    case "archiving":
      return <ArchivingTab cluster={c} canManage={permissions.manage} />;
    case "readiness":
      return <ReadinessTab cluster={c} />;
    case "what-happened":
      return <WhatHappenedTab clusterId={c.id} canRestore={permissions.restore} />;
  }
}
