"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { clusterTabHref } from "@/components/clusters/cluster-tabs";
import { useQueryClient } from "@tanstack/react-query";
import type { ClusterView } from "@/lib/clusters/cluster-view";
import type { JobView } from "@/lib/jobs/job-view";
import { apiFetch, errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { ClusterForm } from "@/components/clusters/cluster-form";
import { toCreateBody, type ClusterFormValues } from "@/components/clusters/cluster-form-schema";
import { clusterKeys } from "@/components/clusters/cluster-queries";
import { PageHeader } from "@/components/ui/page-header";
import { useRepositories } from "@/components/repositories/repository-queries";

export function NewClusterClient() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const repositories = useRepositories();

  const create = async (values: ClusterFormValues) => {
    const { cluster } = await apiFetch<{ cluster: ClusterView; job: JobView }>("/api/v1/clusters", {
      method: "POST",
      body: toCreateBody(values),
    });
    queryClient.setQueryData(clusterKeys.detail(cluster.id), cluster);
    await queryClient.invalidateQueries({ queryKey: clusterKeys.list() });
    // A new cluster's first question is whether it is ready: open its readiness section.
    router.push(clusterTabHref(cluster.id, "readiness"));
  };

  return (
    <>
      <PageHeader
        back={
          <Link href="/clusters" className="text-sky-800 hover:underline">
            ← Clusters
          </Link>
        }
        title="Add cluster"
        summary="Wayback saves the connection and checks right away whether the server is ready for physical backups."
      />
      {repositories.isPending ? (
        <p className="text-sm text-neutral-500">Loading repositories…</p>
      ) : (
        <>
          {repositories.isError ? (
            <ErrorAlert
              title="Could not load the repositories; the cluster will use the default one."
              message={errorMessage(repositories.error)}
            />
          ) : null}
          <ClusterForm mode="create" repositories={repositories.data?.repositories ?? []} cancelHref="/clusters" onSubmit={create} />
        </>
      )}
    </>
  );
}
