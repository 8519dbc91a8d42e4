"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useMutation, useQueryClient, type UseQueryResult } from "@tanstack/react-query";
import type { BackupView } from "@/lib/views/backup-view";
import type { ClusterView } from "@/lib/views/cluster-view";
import type { JobView } from "@/lib/views/job-view";
import { apiFetch, errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { ArchivingPanel } from "@/components/clusters/archiving-panel";
import { useClusterBackups, useTimeline } from "@/components/backups/backup-queries";
import { BackupProgress } from "@/components/backups/backup-progress";
import { BackupsTable } from "@/components/backups/backups-table";
import { ClusterAlerts } from "@/components/alerts/cluster-alerts";
import { clusterKeys, useCluster, useClusterJobs } from "@/components/clusters/cluster-queries";
import { clusterStatus } from "@/components/clusters/cluster-status";
import { ClusterSummaryCards } from "@/components/clusters/cluster-summary-cards";
import { ClusterTabNav } from "@/components/clusters/cluster-tab-nav";
import { clusterTab, type ClusterTab } from "@/components/clusters/cluster-tabs";
import type { ClusterPermissions } from "@/components/users/permissions";
import { ConnectionSummary } from "@/components/clusters/connection-summary";
import { DrillsPanel } from "@/components/drills/drills-panel";
import { DumpsPanel } from "@/components/dumps/dumps-panel";
import { PolicyPanel } from "@/components/policies/policy-panel";
import { LoadFailure } from "@/components/ui/load-failure";
import { PageHeader } from "@/components/ui/page-header";
import { RemoveClusterDialog } from "@/components/clusters/remove-cluster-dialog";
import { restoreFormHref } from "@/components/restores/restore-links";
import { RestorePointDialog } from "@/components/restores/restore-point-dialog";
import { useClusterRestores } from "@/components/restores/restore-queries";
import { RestoresTable } from "@/components/restores/restores-table";
import { QueryList } from "@/components/ui/query-list";
import { SectionHeading } from "@/components/ui/section-heading";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { useBackUpNow } from "@/components/backups/use-back-up-now";
import { VerifyButton } from "@/components/verification/verification-button";
import { VerificationPanel } from "@/components/verification/verification-panel";
import { OverviewTab } from "@/app/(dashboard)/clusters/[id]/overview-tab";
import { ReadinessTab } from "@/app/(dashboard)/clusters/[id]/readiness-tab";

/**
 * One cluster: its header and actions, the summary cards, alerts and live progress on every
 * section, then one section at a time (chosen by `?tab=`).
 */
export function ClusterClient({ id, permissions }: { id: string; permissions: ClusterPermissions }) {
  const tab = clusterTab(useSearchParams().get("tab"));
  const queryClient = useQueryClient();
  const cluster = useCluster(id);
  const jobs = useClusterJobs(id);
  const backupJob = jobs.data?.find((j) => j.type === "backup.full" && (j.status === "queued" || j.status === "running")) ?? null;
  const backups = useClusterBackups(id, backupJob !== null);
  const timeline = useTimeline(id);
  const backUp = useBackUpNow(id);
  const runningBackup = backups.data?.find((b) => b.status === "running") ?? null;
  // A queued (or just started) backup job whose catalog row is not there yet; not one whose row already finished.
  const waitingJob = backupJob && !backups.data?.some((b) => b.job?.id === backupJob.id) ? backupJob : null;
  const backupBusy = runningBackup !== null || waitingJob !== null;

  const check = useMutation({
    mutationFn: () => apiFetch<{ job: JobView }>(`/api/v1/clusters/${encodeURIComponent(id)}/checks`, { method: "POST" }),
    onSuccess: async ({ job }) => {
      // Show the queued job at once; polling takes over from here.
      queryClient.setQueryData<ClusterView>(clusterKeys.detail(id), (old) => (old ? { ...old, pendingCheck: job } : old));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: clusterKeys.detail(id) }),
        queryClient.invalidateQueries({ queryKey: clusterKeys.jobs(id) }),
      ]);
    },
  });

  if (!cluster.data) {
    if (cluster.isError) return <LoadFailure error={cluster.error} what="cluster" backHref="/clusters" backLabel="← Back to clusters" />;
    return <p className="text-sm text-neutral-500">Loading cluster…</p>;
  }

  const c = cluster.data;
  const status = clusterStatus(c);
  const href = `/clusters/${encodeURIComponent(c.id)}`;

  return (
    <>
      <PageHeader
        back={<Link href="/clusters" className="text-sky-800 hover:underline">← Clusters</Link>}
        title={
          <span className="flex items-center gap-3">
            <span className="truncate">{c.name}</span>
            <StatusBadge tone={status.tone}>{status.label}</StatusBadge>
          </span>
        }
        summary={<ConnectionSummary cluster={c} />}
        actions={
          permissions.check || permissions.manage || permissions.backup || permissions.restore ? (
            <>
              {permissions.restore ? (
                <>
                  <Link href={restoreFormHref(c.id)} className={buttonClass("secondary")}>
                    Restore…
                  </Link>
                  <RestorePointDialog clusterId={c.id} />
                </>
              ) : null}
              {permissions.backup ? (
                <button
                  type="button"
                  className={buttonClass("primary")}
                  onClick={() => backUp.mutate()}
                  disabled={backupBusy || backUp.isPending}
                  title={backupBusy ? "A backup of this cluster is running." : undefined}
                >
                  Back up now
                </button>
              ) : null}
              {/* Verifying needs the operator role, as backing up does. */}
              {permissions.prove ? <VerifyButton clusterId={c.id} /> : null}
              {permissions.check ? (
                <button
                  type="button"
                  className={buttonClass("secondary")}
                  onClick={() => check.mutate()}
                  disabled={Boolean(c.pendingCheck) || check.isPending}
                >
                  Check connection
                </button>
              ) : null}
              {permissions.manage ? (
                <>
                  <Link href={`${href}/edit`} className={buttonClass("secondary")}>
                    Edit
                  </Link>
                  <RemoveClusterDialog clusterId={c.id} clusterName={c.name} />
                </>
              ) : null}
            </>
          ) : null
        }
      />

      <ClusterSummaryCards clusterId={c.id} timeline={timeline.data} backups={backups.data} />

      <div className="mb-4 space-y-4 empty:hidden">
        {cluster.isError ? <ErrorAlert title="Could not refresh this cluster; showing the last known state." message={errorMessage(cluster.error)} /> : null}
        {check.isError ? <ErrorAlert title="Could not start a connection check." message={errorMessage(check.error)} /> : null}
        {backUp.isError ? <ErrorAlert title="Could not start a backup." message={errorMessage(backUp.error)} /> : null}
        <ClusterAlerts clusterId={c.id} canAcknowledge={permissions.acknowledge} />
        {c.pendingCheck ? <PendingCheck job={c.pendingCheck} /> : null}
        {backupBusy ? <BackupProgress backup={runningBackup} queuedJob={waitingJob} measuredAt={backups.dataUpdatedAt} /> : null}
      </div>

      <ClusterTabNav clusterId={c.id} current={tab} />
      {tab === "backups" ? <BackupsTab cluster={c} backups={backups} permissions={permissions} /> : <TabContent tab={tab} cluster={c} permissions={permissions} />}
    </>
  );
}

/** The sections that fetch what they show themselves. */
function TabContent({ tab, cluster: c, permissions }: { tab: Exclude<ClusterTab, "backups">; cluster: ClusterView; permissions: ClusterPermissions }) {
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
      return <ArchivingTab clusterId={c.id} />;
    case "readiness":
      return <ReadinessTab cluster={c} />;
  }
}

function BackupsTab({ cluster: c, backups, permissions }: { cluster: ClusterView; backups: UseQueryResult<BackupView[]>; permissions: ClusterPermissions }) {
  return (
    <div className="space-y-6">
      <section aria-labelledby="backups-heading">
        <SectionHeading id="backups-heading">Backups</SectionHeading>
        <QueryList query={backups} what="backups" empty={`No backups yet.${permissions.backup ? " Use “Back up now” to take the first one." : ""}`}>
          {(rows) => <BackupsTable backups={rows} caption={`Backups of ${c.name}`} />}
        </QueryList>
      </section>
      <section aria-labelledby="verification-heading">
        <SectionHeading id="verification-heading">Verification</SectionHeading>
        <VerificationPanel clusterId={c.id} canStart={permissions.prove} />
      </section>
    </div>
  );
}

function RestoresTab({ cluster: c, canRestore }: { cluster: ClusterView; canRestore: boolean }) {
  const restores = useClusterRestores(c.id);
  return (
    <section aria-labelledby="restores-heading">
      <SectionHeading id="restores-heading">Restores</SectionHeading>
      <QueryList query={restores} what="restores" empty={`No restores yet.${canRestore ? " Click a moment on the timeline, or use “Restore…”." : ""}`}>
        {(rows) => <RestoresTable restores={rows} caption={`Restores of ${c.name}`} />}
      </QueryList>
    </section>
  );
}

function ArchivingTab({ clusterId }: { clusterId: string }) {
  const timeline = useTimeline(clusterId);
  return (
    <section aria-labelledby="archiving-heading">
      <SectionHeading id="archiving-heading">Archiving</SectionHeading>
      {timeline.data ? (
        <ArchivingPanel archive={timeline.data.archive} />
      ) : timeline.isError ? (
        <p className="text-sm text-neutral-500">Not available: the timeline did not load.</p>
      ) : (
        <p className="text-sm text-neutral-500">Loading…</p>
      )}
    </section>
  );
}

function PendingCheck({ job }: { job: JobView }) {
  const running = job.status === "running";
  return (
    <div role="status" className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900">
      <StatusBadge tone={running ? "blue" : "grey"}>{running ? "Running" : "Queued"}</StatusBadge>
      <span>
        {running ? "Checking the connection" : "Connection check queued"}
        {running && job.phase ? ` (${job.phase})` : ""}…
      </span>
      <span className="text-sky-800/80">
        {running && job.startedAt ? (
          <>
            started <Time iso={job.startedAt} />
          </>
        ) : (
          <>
            queued <Time iso={job.queuedAt} />
          </>
        )}
        {job.attempts > 1 ? `, attempt ${job.attempts}` : ""}
      </span>
    </div>
  );
}
