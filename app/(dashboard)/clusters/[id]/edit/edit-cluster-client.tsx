"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import type { ClusterView } from "@/lib/clusters/cluster-view";
import type { JobView } from "@/lib/jobs/job-view";
import { apiFetch, errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { ClusterForm } from "@/components/clusters/cluster-form";
import { toUpdateBody, type ClusterFormValues } from "@/components/clusters/cluster-form-schema";
import { clusterKeys, useCluster } from "@/components/clusters/cluster-queries";
import { LoadFailure } from "@/components/ui/load-failure";
import { PageHeader } from "@/components/ui/page-header";
import { useRepositories } from "@/components/repositories/repository-queries";

export function EditClusterClient({ id }: { id: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const cluster = useCluster(id);
  const repositories = useRepositories();
  const href = `/clusters/${encodeURIComponent(id)}`;

  const save = async (values: ClusterFormValues) => {
    const { cluster: saved } = await apiFetch<{ cluster: ClusterView; job: JobView }>(`/api/v1/clusters/${encodeURIComponent(id)}`, {
      method: "PATCH",
      body: toUpdateBody(values),
    });
    queryClient.setQueryData(clusterKeys.detail(id), saved);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: clusterKeys.list() }),
      queryClient.invalidateQueries({ queryKey: clusterKeys.jobs(id) }),
    ]);
    router.push(href);
  };

  if (!cluster.data) {
    if (cluster.isError) return <LoadFailure error={cluster.error} what="cluster" backHref="/clusters" backLabel="← Back to clusters" />;
    return <p className="text-sm text-neutral-500">Loading cluster…</p>;
  }
  if (repositories.isPending) return <p className="text-sm text-neutral-500">Loading repositories…</p>;

  const c = cluster.data;
  return (
    <>
      <PageHeader
        back={
          <Link href={href} className="text-sky-800 hover:underline">
            ← {c.name}
          </Link>
        }
        title={`Edit ${c.name}`}
        summary="Saving re-checks the connection."
      />
      {repositories.isError ? (
        <ErrorAlert
          title="Could not load the repositories; the repository cannot be changed now."
          message={errorMessage(repositories.error)}
        />
      ) : null}
      <ClusterForm
        key={c.id}
        mode="edit"
        hasSavedPassword={c.hasPassword}
        repositories={repositories.data?.repositories ?? []}
        cancelHref={href}
        defaultValues={{
          name: c.name,
          host: c.host,
          port: c.port,
          otherHosts: c.otherHosts.join("\n"),
          database: c.database,
          username: c.username,
          sslmode: c.sslmode,
          repositoryId: c.repositoryId ?? "",
          compression: c.compression,
          walMode: c.walMode,
          backupFrom: c.backupFrom,
          backupMaxRateKb: c.backupMaxRateKb ?? "",
          rpoTargetSeconds: c.rpoTargetSeconds,
          synchronousReceive: c.synchronousReceive,
          backupEveryHours: c.backupEveryHours,
          engine: c.engine,
          localDataDir: c.localDataDir ?? "",
          importedStanza: c.pgbackrest?.imported ?? false,
        }}
        onSubmit={save}
      />
    </>
  );
}
