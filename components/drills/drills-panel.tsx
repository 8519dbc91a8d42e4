"use client";

import Link from "next/link";
import { useState } from "react";
import type { DrillView } from "@/lib/drills/drill-view";
import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { drillActive, useClusterDrills, useReadableRepositories, useRunDrill } from "@/components/drills/drill-queries";
import { defaultDrillRepository, RepositoryChoice } from "@/components/drills/repository-choice";
import { ScheduledDrillsFrom } from "@/components/drills/scheduled-drills-from";
import { formatAgo } from "@/components/ui/format";
import { describeRto, drillPhaseLabel, drillStatus } from "@/components/drills/drill-status";
import { DrillsTable } from "@/components/drills/drills-table";
import { JobProgress } from "@/components/jobs/job-progress";
import { QueryList } from "@/components/ui/query-list";
import { RtoTrend } from "@/components/drills/rto-trend";
import { SectionHeading } from "@/components/ui/section-heading";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";

/**
 * Restore drills on the cluster page: the last drill's verdict and measured recovery time, a way
 * to run one (operators), the live progress of a running one, the recovery-time trend and history.
 */
export function DrillsPanel({ clusterId, canRun }: { clusterId: string; canRun: boolean }) {
  const drills = useClusterDrills(clusterId);
  const running = drills.data?.find(drillActive) ?? null;
  const last = drills.data?.find((d) => !drillActive(d)) ?? null;
  return (
    <section aria-labelledby="drills-heading" className="space-y-3">
      <SectionHeading id="drills-heading">Restore drills</SectionHeading>
      {last ? <LastDrill drill={last} /> : null}
      {canRun ? <RunDrillForm clusterId={clusterId} busy={running !== null} /> : null}
      {canRun ? <ScheduledDrillsFrom clusterId={clusterId} /> : null}
      {running ? <DrillProgress drill={running} measuredAt={drills.dataUpdatedAt} /> : null}
      {drills.data ? <RtoTrend drills={drills.data} /> : null}
      <QueryList
        query={drills}
        what="drills"
        empty="No drill has run on this cluster yet: a backup nobody restored is a hope, not a backup."
      >
        {(list) => <DrillsTable drills={list} />}
      </QueryList>
    </section>
  );
}

function LastDrill({ drill: d }: { drill: DrillView }) {
  const status = drillStatus(d.status);
  const rto = describeRto(d);
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm">
      <span>Last drill:</span>
      <StatusBadge tone={status.tone}>{status.label}</StatusBadge>
      {rto ? <span className="tabular-nums">{rto}</span> : null}
      <span className="text-neutral-500">
        {formatAgo(d.finishedAt ?? d.createdAt)} (<Time iso={d.finishedAt ?? d.createdAt} />)
      </span>
      <Link href={`/drills/${encodeURIComponent(d.id)}`} className="text-sky-800 hover:underline">
        Report
      </Link>
    </p>
  );
}

function RunDrillForm({ clusterId, busy }: { clusterId: string; busy: boolean }) {
  const run = useRunDrill(clusterId);
  const readable = useReadableRepositories(clusterId);
  const [target, setTarget] = useState<"restore_point" | "latest">("restore_point");
  const [tolerance, setTolerance] = useState("0");
  // Empty: the latest timeline. The server checks the number (a whole number with a window of its own).
  const [timeline, setTimeline] = useState("");
  // null: not touched, the cluster's default (its scheduled drills' repository, else the primary).
  const [repositoryId, setRepositoryId] = useState<string | null>(null);
  const from = repositoryId ?? defaultDrillRepository(readable.data);
  return (
    <form
      className="flex flex-wrap items-end gap-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        run.mutate({
          target,
          tolerancePct: Number(tolerance),
          ...(from ? { repositoryId: from } : {}),
          ...(timeline.trim() ? { timeline: Number(timeline) } : {}),
        });
      }}
    >
      <RepositoryChoice
        id="drill-repository"
        label="Restore from"
        repositories={readable.data?.repositories ?? []}
        value={from}
        onChange={setRepositoryId}
      />
      <label className="flex flex-col gap-1">
        <span className="text-neutral-600">Restore to</span>
        <select
          value={target}
          onChange={(e) => setTarget(e.target.value as typeof target)}
          className="rounded border border-neutral-300 px-2 py-1.5"
        >
          <option value="restore_point">A restore point created on production now</option>
          <option value="latest">The latest archived WAL</option>
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-neutral-600">Row count tolerance (%)</span>
        <input
          type="number"
          min={0}
          max={100}
          step="0.1"
          value={tolerance}
          onChange={(e) => setTolerance(e.target.value)}
          className="w-28 rounded border border-neutral-300 px-2 py-1.5"
        />
      </label>
      <label
        className="flex flex-col gap-1"
        title="Empty follows the latest timeline. After a failover, a lower number drills along the old timeline."
      >
        <span className="text-neutral-600">Timeline (optional)</span>
        <input
          type="text"
          inputMode="numeric"
          value={timeline}
          onChange={(e) => setTimeline(e.target.value)}
          className="w-24 rounded border border-neutral-300 px-2 py-1.5 font-mono"
        />
      </label>
      <button
        type="submit"
        className={buttonClass("primary")}
        disabled={busy || run.isPending}
        title={busy ? "A drill of this cluster is running." : undefined}
      >
        Run drill
      </button>
      {run.isError ? <ErrorAlert title="The drill did not start." message={errorMessage(run.error)} /> : null}
    </form>
  );
}

function DrillProgress({ drill: d, measuredAt }: { drill: DrillView; measuredAt: number }) {
  const phase = d.job?.phase ?? null;
  const bytes = d.status === "running" && (phase === "restore base" || phase === "replay");
  return (
    <JobProgress
      id="drill-progress"
      title="Drill in progress"
      barLabel="Drill progress"
      header={
        <>
          <StatusBadge tone={d.status === "running" ? "blue" : "grey"}>
            {d.status === "running" ? drillPhaseLabel(phase) : "Queued"}
          </StatusBadge>
          <Link href={`/drills/${encodeURIComponent(d.id)}`} className="text-sky-800 hover:underline">
            Report
          </Link>
        </>
      }
      job={d.job}
      bytes={bytes}
      phaseStartedAt={
        phase === "replay" && d.job?.startedAt && d.timings.baseMs !== null
          ? new Date(Date.parse(d.job.startedAt) + d.timings.baseMs).toISOString()
          : d.job?.startedAt
      }
      measuredAt={measuredAt}
    />
  );
}
