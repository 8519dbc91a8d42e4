"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import type { RestorePlanView } from "@/lib/restores/request-restore";
import type { RestoreView } from "@/lib/restores/restore-view";
import { apiFetch, errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { useClusterBackups, useTimeline } from "@/components/backups/backup-queries";
import { useCluster } from "@/components/clusters/cluster-queries";
import { LoadFailure } from "@/components/ui/load-failure";
import { PageHeader } from "@/components/ui/page-header";
import { RecoveryTimeline } from "@/components/timeline/recovery-timeline";
import { RestoreForm } from "@/components/restores/restore-form";
import { initialValues, type RestoreRequestBody } from "@/components/restores/restore-form-schema";
import { restoreHref } from "@/components/restores/restore-links";
import { restoreKeys, useRestorePoints } from "@/components/restores/restore-queries";

export function RestoreClusterClient({
  id,
  prefill,
  canRestoreInPlace,
}: {
  id: string;
  prefill: { time?: string; name?: string; xid?: string; inclusive?: string };
  canRestoreInPlace: boolean;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const cluster = useCluster(id);
  const backups = useClusterBackups(id, false);
  const points = useRestorePoints(id);
  const timeline = useTimeline(id);
  const clusterHref = `/clusters/${encodeURIComponent(id)}`;

  if (!cluster.data) {
    if (cluster.isError) return <LoadFailure error={cluster.error} what="cluster" backHref="/clusters" backLabel="← Back to clusters" />;
    return <p className="text-sm text-neutral-500">Loading cluster…</p>;
  }
  // The form's lists must be there before it starts, so a prefilled choice finds its option.
  const listsReady = (backups.data || backups.isError) && (points.data || points.isError);
  // In place needs the cluster's data directory on the worker's host (set on its edit page).
  const inPlace = canRestoreInPlace && cluster.data.localDataDir ? { clusterName: cluster.data.name } : null;

  const start = async (body: RestoreRequestBody) => {
    const { restore } = await apiFetch<{ plan: RestorePlanView; restore: RestoreView }>(
      `/api/v1/clusters/${encodeURIComponent(id)}/restores`,
      {
        method: "POST",
        body: { ...body, dryRun: false },
      },
    );
    // Not restoreKeys.all: that would ask the form's dry run again, now against its own restore.
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: restoreKeys.list() }),
      queryClient.invalidateQueries({ queryKey: restoreKeys.cluster(id) }),
    ]);
    router.push(restoreHref(restore.id));
  };

  return (
    <>
      <PageHeader
        back={
          <Link href={clusterHref} className="text-sky-800 hover:underline">
            ← {cluster.data.name}
          </Link>
        }
        title={`Restore ${cluster.data.name}`}
        summary={
          inPlace
            ? "Into a new PostgreSQL instance on the worker's host, leaving the cluster untouched, or in place, over the cluster itself."
            : "Into a new PostgreSQL instance on the worker's host; the cluster itself is not touched."
        }
      />
      {backups.isError ? <ErrorAlert title="Could not load the backups." message={errorMessage(backups.error)} /> : null}
      {points.isError ? <ErrorAlert title="Could not load the restore points." message={errorMessage(points.error)} /> : null}
      {listsReady ? (
        <RestoreForm
          clusterId={id}
          defaultValues={initialValues(prefill)}
          restorePoints={points.data ?? []}
          backups={(backups.data ?? []).filter((b) => b.status === "complete")}
          cancelHref={clusterHref}
          onSubmit={start}
          inPlace={inPlace}
          header={(onPick, chosen) => (
            // Not a labelled region: "Timeline" would be one more label containing "Time" next to the form's field.
            <section>
              <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-neutral-500">Timeline</h2>
              {timeline.data ? (
                <RecoveryTimeline timeline={timeline.data} onPick={onPick} marked={chosen} compact />
              ) : timeline.isError ? (
                <ErrorAlert title="Could not load the timeline." message={errorMessage(timeline.error)} />
              ) : (
                <p className="text-sm text-neutral-500">Loading timeline…</p>
              )}
            </section>
          )}
        />
      ) : (
        <p className="text-sm text-neutral-500">Loading…</p>
      )}
    </>
  );
}
