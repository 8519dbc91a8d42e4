"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ClusterView } from "@/lib/views/cluster-view";
import type { JobView } from "@/lib/views/job-view";
import { apiFetch, errorMessage } from "@/components/api";
import { ErrorAlert } from "@/components/alert";
import { buttonClass } from "@/components/button-styles";
import { ArchivingPanel } from "@/components/archiving-panel";
import { useClusterBackups, useTimeline } from "@/components/backup-queries";
import { BackupProgress } from "@/components/backup-progress";
import { BackupsTable } from "@/components/backups-table";
import { ClusterAlerts } from "@/components/cluster-alerts";
import { ClusterFacts } from "@/components/cluster-facts";
import { MonitorSummary } from "@/components/monitor-summary";
import { useMonitoring } from "@/components/monitoring-queries";
import { ProductionChecklist } from "@/components/production-checklist";
import { clusterKeys, useCluster, useClusterJobs } from "@/components/cluster-queries";
import { clusterStatus } from "@/components/cluster-status";
import type { ClusterPermissions } from "@/components/permissions";
import { ConnectionSummary } from "@/components/connection-summary";
import { DrillsPanel } from "@/components/drills-panel";
import { DumpsPanel } from "@/components/dumps-panel";
import { PolicyPanel } from "@/components/policy-panel";
import { JobsTable } from "@/components/jobs-table";
import { LoadFailure } from "@/components/load-failure";
import { PageHeader } from "@/components/page-header";
import { ReadinessList } from "@/components/readiness-list";
import { RecoveryTimeline } from "@/components/recovery-timeline";
import { RemoveClusterDialog } from "@/components/remove-cluster-dialog";
import { restoreFormHref } from "@/components/restore-links";
import { RestorePointDialog } from "@/components/restore-point-dialog";
import { useClusterRestores } from "@/components/restore-queries";
import { RestoresTable } from "@/components/restores-table";
import { QueryList } from "@/components/query-list";
import { SectionHeading } from "@/components/section-heading";
import { StatusBadge } from "@/components/status-badge";
import { Time } from "@/components/time";
import { useBackUpNow } from "@/components/use-back-up-now";
import { VerifyButton } from "@/components/verification-button";
import { VerificationPanel } from "@/components/verification-panel";

export function ClusterClient({ id, permissions }: { id: string; permissions: ClusterPermissions }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const cluster = useCluster(id);
  const jobs = useClusterJobs(id);
  const backupJob = jobs.data?.find((j) => j.type === "backup.full" && (j.status === "queued" || j.status === "running")) ?? null;
  const backups = useClusterBackups(id, backupJob !== null);
  const timeline = useTimeline(id);
  const restores = useClusterRestores(id);
  const backUp = useBackUpNow(id);
  const monitoring = useMonitoring(id);
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

      <div className="space-y-4">
        {cluster.isError ? <ErrorAlert title="Could not refresh this cluster; showing the last known state." message={errorMessage(cluster.error)} /> : null}
        {check.isError ? <ErrorAlert title="Could not start a connection check." message={errorMessage(check.error)} /> : null}
        {backUp.isError ? <ErrorAlert title="Could not start a backup." message={errorMessage(backUp.error)} /> : null}
        <ClusterAlerts clusterId={c.id} canAcknowledge={permissions.acknowledge} />
        {c.pendingCheck ? <PendingCheck job={c.pendingCheck} /> : null}
        {backupBusy ? <BackupProgress backup={runningBackup} queuedJob={waitingJob} measuredAt={backups.dataUpdatedAt} /> : null}

        <section aria-labelledby="timeline-heading">
          <SectionHeading id="timeline-heading">Timeline</SectionHeading>
          {timeline.data ? (
            <>
              {timeline.isError ? <ErrorAlert title="Could not refresh the timeline; showing the last known picture." message={errorMessage(timeline.error)} /> : null}
              <RecoveryTimeline
                timeline={timeline.data}
                onPick={permissions.restore ? (pick) => router.push(restoreFormHref(c.id, pick)) : undefined}
                restorePointHref={permissions.restore ? (name) => restoreFormHref(c.id, { kind: "name", name }) : undefined}
              />
            </>
          ) : timeline.isError ? (
            <ErrorAlert title="Could not load the timeline." message={errorMessage(timeline.error)} />
          ) : (
            <p className="text-sm text-neutral-500">Loading timeline…</p>
          )}
        </section>

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

        <DrillsPanel clusterId={c.id} canRun={permissions.prove} />

        <DumpsPanel clusterId={c.id} clusterName={c.name} defaultDatabase={c.database} canDump={permissions.backup} />


        <PolicyPanel clusterId={c.id} canManage={permissions.manage} />

        <section aria-labelledby="restores-heading">
          <SectionHeading id="restores-heading">Restores</SectionHeading>
          <QueryList query={restores} what="restores" empty={`No restores yet.${permissions.restore ? " Click a moment on the timeline, or use “Restore…”." : ""}`}>
            {(rows) => <RestoresTable restores={rows} caption={`Restores of ${c.name}`} />}
          </QueryList>
        </section>

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

        <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
          <section aria-labelledby="checklist-heading">
            <SectionHeading id="checklist-heading">Production checklist</SectionHeading>
            {monitoring.data ? (
              <ProductionChecklist items={monitoring.data.checklist} />
            ) : monitoring.isError ? (
              <ErrorAlert title="Could not load the checklist." message={errorMessage(monitoring.error)} />
            ) : (
              <p className="text-sm text-neutral-500">Loading…</p>
            )}
          </section>
          <section aria-labelledby="monitor-heading">
            <SectionHeading id="monitor-heading">Monitoring</SectionHeading>
            {monitoring.data ? <MonitorSummary monitoring={monitoring.data} /> : <p className="text-sm text-neutral-500">{monitoring.isError ? "Not available." : "Loading…"}</p>}
          </section>
        </div>

        <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
          <section aria-labelledby="readiness-heading">
            <SectionHeading id="readiness-heading">Readiness</SectionHeading>
            {c.lastCheck ? (
              <>
                <p className="mb-2 text-sm text-neutral-600">
                  {c.lastCheck.ready ? readySummary(c) : notReadySummary(c)} Checked <Time iso={c.lastCheck.checkedAt} />.
                </p>
                <ReadinessList items={c.lastCheck.readiness} />
              </>
            ) : (
              <p className="rounded border border-dashed border-neutral-300 bg-white px-3 py-4 text-sm text-neutral-600">
                {c.pendingCheck ? "The first connection check has not finished yet." : "This cluster has not been checked yet."}
              </p>
            )}
          </section>

          <section aria-labelledby="facts-heading">
            <SectionHeading id="facts-heading">Server facts</SectionHeading>
            {c.lastCheck ? (
              <ClusterFacts check={c.lastCheck} />
            ) : (
              <p className="text-sm text-neutral-500">Known after the first check.</p>
            )}
          </section>
        </div>

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
    </>
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

function readySummary(c: ClusterView): string {
  const warnings = c.lastCheck?.readiness.filter((i) => i.status === "warn").length ?? 0;
  return warnings > 0
    ? `Ready for physical backups, with ${warnings} ${warnings === 1 ? "warning" : "warnings"}.`
    : "Ready for physical backups.";
}

function notReadySummary(c: ClusterView): string {
  if (c.lastCheck && !c.lastCheck.reachable) return "Wayback could not connect to this server.";
  const failures = c.lastCheck?.readiness.filter((i) => i.status === "fail").length ?? 0;
  return `Not ready for physical backups: ${failures} ${failures === 1 ? "item needs" : "items need"} fixing.`;
}
