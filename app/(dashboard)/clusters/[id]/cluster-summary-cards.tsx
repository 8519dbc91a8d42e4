"use client";

import Link from "next/link";
import type { LucideIcon } from "lucide-react";
import { BellRing, Clock, DatabaseBackup, RadioTower } from "lucide-react";
import type { BackupView } from "@/lib/backups/backup-view";
import type { TimelineView } from "@/lib/timeline/timeline-view";
import { useAlerts } from "@/components/alerts/alert-queries";
import { receiverStatus } from "@/components/clusters/archiving-panel";
import { clusterTabHref } from "@/components/clusters/cluster-tabs";
import type { StatusLabel } from "@/components/ui/status-badge";
import { formatAgo } from "@/components/ui/format";
import { StatusBadge, toneTextClass, type Tone } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";

/**
 * The facts that matter first about a cluster, as cards above its sections: how far it can be
 * recovered, its last good backup, its open alerts, and whether WAL is reaching the archive.
 */
export function ClusterSummaryCards({
  clusterId,
  timeline,
  backups,
}: {
  clusterId: string;
  timeline: TimelineView | undefined;
  backups: readonly BackupView[] | undefined;
}) {
  const alerts = useAlerts({ clusterId, state: "unresolved" });
  // Newest first from the API; a backup whose stored copy failed verification is not "good".
  const lastGood = backups?.find((b) => b.status === "complete" && b.verified !== false) ?? null;
  const critical = alerts.data?.filter((a) => a.severity === "critical").length ?? 0;
  const openAlerts = alerts.data?.length;
  return (
    <ul aria-label="Cluster summary" className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
      <Card icon={Clock} title="Recoverable until" href={clusterTabHref(clusterId, "overview")}>
        {timeline === undefined ? (
          <Pending />
        ) : timeline.latestRecoverableTime ? (
          <>
            <Big>
              <Time iso={timeline.latestRecoverableTime} />
            </Big>
            <Sub>{formatAgo(timeline.latestRecoverableTime, Date.parse(timeline.now))}</Sub>
          </>
        ) : (
          <>
            <Big tone="red">Nothing yet</Big>
            <Sub>No backup with unbroken WAL after it.</Sub>
          </>
        )}
      </Card>
      <Card icon={DatabaseBackup} title="Last good backup" href={clusterTabHref(clusterId, "backups")}>
        {backups === undefined ? (
          <Pending />
        ) : lastGood ? (
          <>
            <Big>
              <Time iso={lastGood.finishedAt} />
            </Big>
            <Sub>{lastGood.finishedAt ? formatAgo(lastGood.finishedAt) : null}</Sub>
          </>
        ) : (
          <>
            <Big tone="red">None</Big>
            <Sub>Take a backup: nothing can be restored without one.</Sub>
          </>
        )}
      </Card>
      <Card icon={BellRing} title="Open alerts" href="/alerts">
        {openAlerts === undefined ? (
          <Pending />
        ) : (
          <>
            <Big tone={critical > 0 ? "red" : openAlerts > 0 ? "amber" : undefined}>{openAlerts}</Big>
            <Sub>{openAlerts === 0 ? "All clear." : critical > 0 ? `${critical} critical` : "None critical"}</Sub>
          </>
        )}
      </Card>
      <Card icon={RadioTower} title="Archiving" href={clusterTabHref(clusterId, "archiving")}>
        {timeline === undefined ? <Pending /> : <ArchiveState archive={timeline.archive} />}
      </Card>
    </ul>
  );
}

function ArchiveState({ archive }: { archive: TimelineView["archive"] }) {
  const state: StatusLabel =
    archive.mode === "archive_command"
      ? { label: "archive_command", tone: archive.newestArchivedAt ? "green" : "grey" }
      : archive.receiver
        ? receiverStatus(archive.receiver.state)
        : { label: "Not started", tone: "grey" };
  return (
    <>
      <div className="mt-1">
        <StatusBadge tone={state.tone}>{state.label}</StatusBadge>
      </div>
      <Sub>{archive.newestArchivedAt ? `newest segment ${formatAgo(archive.newestArchivedAt)}` : "No segment archived yet."}</Sub>
    </>
  );
}

function Card({ icon: Icon, title, href, children }: { icon: LucideIcon; title: string; href: string; children: React.ReactNode }) {
  return (
    <li className="rounded-lg border border-neutral-200 bg-white px-4 py-3 shadow-sm">
      <Link
        href={href}
        className="flex items-center gap-2 text-xs font-semibold uppercase tracking-wide text-neutral-500 hover:text-sky-800"
      >
        <Icon aria-hidden="true" className="size-4" />
        {title}
      </Link>
      {children}
    </li>
  );
}

function Big({ tone, children }: { tone?: Tone; children: React.ReactNode }) {
  return <p className={`mt-1 text-lg font-semibold tabular-nums ${tone ? toneTextClass(tone) : "text-neutral-900"}`}>{children}</p>;
}

function Sub({ children }: { children: React.ReactNode }) {
  return <p className="text-xs text-neutral-500">{children}</p>;
}

function Pending() {
  return <p aria-hidden="true" className="mt-2 h-5 w-32 animate-pulse rounded bg-neutral-100" />;
}
