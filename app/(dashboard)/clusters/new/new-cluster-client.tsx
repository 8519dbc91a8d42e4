"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import type { ClusterView } from "@/lib/views/cluster-view";
import type { JobView } from "@/lib/views/job-view";
import { apiFetch } from "@/components/api";
import { ClusterForm, toCreateBody, type ClusterFormValues } from "@/components/cluster-form";
import { clusterKeys } from "@/components/cluster-queries";
import { PageHeader } from "@/components/page-header";

export function NewClusterClient() {
  const router = useRouter();
  const queryClient = useQueryClient();

  const create = async (values: ClusterFormValues) => {
    const { cluster } = await apiFetch<{ cluster: ClusterView; job: JobView }>("/api/v1/clusters", {
      method: "POST",
      body: toCreateBody(values),
    });
    queryClient.setQueryData(clusterKeys.detail(cluster.id), cluster);
    await queryClient.invalidateQueries({ queryKey: clusterKeys.list() });
    router.push(`/clusters/${cluster.id}`);
  };

  return (
    <>
      <PageHeader
        back={<Link href="/clusters" className="text-sky-800 hover:underline">← Clusters</Link>}
        title="Add cluster"
        summary="Wayback saves the connection and checks right away whether the server is ready for physical backups."
      />
      <ClusterForm mode="create" cancelHref="/clusters" onSubmit={create} />
    </>
  );
}
