"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import type { TableRestoreView } from "@/lib/table-restores/table-restore-view";
import { apiFetch, errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { useClusterBackups } from "@/components/backups/backup-queries";
import { useCluster } from "@/components/clusters/cluster-queries";
import { useRestorePoints } from "@/components/restores/restore-queries";
import { TableRestoreForm } from "@/components/table-restores/table-restore-form";
import { initialTableRestoreValues, type TableRestoreBody } from "@/components/table-restores/table-restore-form-schema";
import { tableRestoreHref, tableRestoreKeys, useLiveTables } from "@/components/table-restores/table-restore-queries";

export function TableRestoreClient({ id, prefill }: { id: string; prefill: Parameters<typeof initialTableRestoreValues>[0] }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const cluster = useCluster(id);
  const tables = useLiveTables(id, prefill.database);
  const backups = useClusterBackups(id, false);
  const points = useRestorePoints(id);
  const clusterHref = `/clusters/${encodeURIComponent(id)}`;
  const ready = tables.data && (backups.data || backups.isError) && (points.data || points.isError);

  const start = async (body: TableRestoreBody) => {
    const { tableRestore } = await apiFetch<{ tableRestore: TableRestoreView }>(
      `/api/v1/clusters/${encodeURIComponent(id)}/table-restores`,
      {
        method: "POST",
        body: { ...body, dryRun: false },
      },
    );
    await queryClient.invalidateQueries({ queryKey: tableRestoreKeys.cluster(id) });
    router.push(tableRestoreHref(id, tableRestore.id));
  };

  return (
    <>
      <PageHeader
        back={
          <Link href={clusterHref} className="text-sky-800 hover:underline">
            ← {cluster.data?.name ?? "Cluster"}
          </Link>
        }
        title={`Restore tables${cluster.data ? ` of ${cluster.data.name}` : ""}`}
        summary="A throwaway copy is recovered to the target; the chosen tables are loaded beside the live ones, never over them; the copy is removed."
      />
      {tables.isError ? <ErrorAlert title="Could not read the cluster's tables." message={errorMessage(tables.error)} /> : null}
      {ready ? (
        <TableRestoreForm
          database={tables.data.database}
          tables={tables.data.tables}
          restorePoints={points.data ?? []}
          backups={(backups.data ?? []).filter((b) => b.status === "complete")}
          defaultValues={initialTableRestoreValues(prefill)}
          cancelHref={clusterHref}
          onSubmit={start}
        />
      ) : tables.isError ? null : (
        <p className="text-sm text-neutral-500">Loading…</p>
      )}
    </>
  );
}
