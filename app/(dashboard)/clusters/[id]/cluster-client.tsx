"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { useTimeline } from "@/components/backups/backup-queries";
import { BackupProgress } from "@/components/backups/backup-progress";
import { useBackupActivity } from "@/components/backups/use-backup-activity";
import { useBackUpNow } from "@/components/backups/use-back-up-now";
import { ClusterAlerts } from "@/components/alerts/cluster-alerts";
import { ClusterActions } from "@/app/(dashboard)/clusters/[id]/cluster-actions";
import { useCluster } from "@/components/clusters/cluster-queries";
import { clusterStatus } from "@/components/clusters/cluster-status";
import { ClusterSummaryCards } from "@/app/(dashboard)/clusters/[id]/cluster-summary-cards";
import { ClusterTabNav } from "@/components/clusters/cluster-tab-nav";
import { clusterTab } from "@/components/clusters/cluster-tabs";
import { ConnectionSummary } from "@/components/clusters/connection-summary";
import { PendingCheck } from "@/components/clusters/pending-check";
import { useCheckConnection } from "@/components/clusters/use-check-connection";
import type { ClusterPermissions } from "@/components/users/permissions";
import { LoadFailure } from "@/components/ui/load-failure";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { BackupsTab } from "@/app/(dashboard)/clusters/[id]/backups-tab";
import { ClusterTabContent } from "@/app/(dashboard)/clusters/[id]/cluster-tab-content";

/**
 * One cluster: its header and actions, the summary cards, alerts and live progress on every
 * section, then one section at a time (chosen by `?tab=`).
 */
export function ClusterClient({ id, permissions }: { id: string; permissions: ClusterPermissions }) {
  const tab = clusterTab(useSearchParams().get("tab"));
  const cluster = useCluster(id);
  const backupActivity = useBackupActivity(id);
  const { backups } = backupActivity;
  const timeline = useTimeline(id);
  const backUp = useBackUpNow(id);
  const check = useCheckConnection(id);

  if (!cluster.data) {
    if (cluster.isError) return <LoadFailure error={cluster.error} what="cluster" backHref="/clusters" backLabel="← Back to clusters" />;
    return <p className="text-sm text-neutral-500">Loading cluster…</p>;
  }

  const c = cluster.data;
  const status = clusterStatus(c);

  return (
    <>
      <PageHeader
        back={
          <Link href="/clusters" className="text-sky-800 hover:underline">
            ← Clusters
          </Link>
        }
        title={
          <span className="flex items-center gap-3">
            <span className="truncate">{c.name}</span>
            <StatusBadge tone={status.tone}>{status.label}</StatusBadge>
          </span>
        }
        summary={<ConnectionSummary cluster={c} />}
        actions={
          permissions.check || permissions.manage || permissions.backup || permissions.restore ? (
            <ClusterActions cluster={c} permissions={permissions} backUp={backUp} backupBusy={backupActivity.busy} check={check} />
          ) : null
        }
      />

      <ClusterSummaryCards clusterId={c.id} timeline={timeline.data} backups={backups.data} />

      <div className="mb-4 space-y-4 empty:hidden">
        {cluster.isError ? (
          <ErrorAlert title="Could not refresh this cluster; showing the last known state." message={errorMessage(cluster.error)} />
        ) : null}
        {check.isError ? <ErrorAlert title="Could not start a connection check." message={errorMessage(check.error)} /> : null}
        {backUp.isError ? <ErrorAlert title="Could not start a backup." message={errorMessage(backUp.error)} /> : null}
        <ClusterAlerts clusterId={c.id} canAcknowledge={permissions.acknowledge} />
        {c.pendingCheck ? <PendingCheck job={c.pendingCheck} /> : null}
        {backupActivity.busy ? (
          <BackupProgress backup={backupActivity.runningBackup} queuedJob={backupActivity.waitingJob} measuredAt={backups.dataUpdatedAt} />
        ) : null}
      </div>

      <ClusterTabNav clusterId={c.id} current={tab} />
      {tab === "backups" ? (
        <BackupsTab cluster={c} backups={backups} permissions={permissions} />
      ) : (
        <ClusterTabContent tab={tab} cluster={c} permissions={permissions} />
      )}
    </>
  );
}
