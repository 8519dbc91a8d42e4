"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ClusterStanzaView } from "@/lib/clusters/cluster-stanza";
import type { ClusterView } from "@/lib/clusters/cluster-view";
import type { StanzaImportInput } from "@/lib/domain/stanza-import-input";
import { apiFetch } from "@/components/ui/api";
import { backupKeys } from "@/components/backups/backup-queries";
import { clusterKeys } from "@/components/clusters/cluster-queries";

const stanzaKey = (clusterId: string) => [...clusterKeys.detail(clusterId), "pgbackrest"] as const;
const stanzaPath = (clusterId: string) => `/api/v1/clusters/${encodeURIComponent(clusterId)}/pgbackrest`;

/** A pgBackRest cluster's stanza and the archive_command to set on its server (GET …/pgbackrest). */
export function useClusterStanza(clusterId: string) {
  return useQuery({
    queryKey: stanzaKey(clusterId),
    queryFn: ({ signal }) => apiFetch<{ stanza: ClusterStanzaView }>(stanzaPath(clusterId), { signal }).then((r) => r.stanza),
  });
}

/**
 * "Import an existing stanza" (POST …/pgbackrest): on success the cluster is a pgBackRest
 * cluster with the stanza's sets as its backups, so the cluster, its backups and its timeline are
 * read again. Refusals come back as ApiError for the form to place.
 */
export function useImportStanza(clusterId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: StanzaImportInput) =>
      apiFetch<{ cluster: ClusterView; stanza: ClusterStanzaView; backups: number }>(stanzaPath(clusterId), {
        method: "POST",
        body: input,
      }),
    onSuccess: ({ cluster, stanza }) => {
      queryClient.setQueryData(clusterKeys.detail(clusterId), cluster);
      queryClient.setQueryData(stanzaKey(clusterId), stanza);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: clusterKeys.list() }),
        queryClient.invalidateQueries({ queryKey: backupKeys.cluster(clusterId) }),
        queryClient.invalidateQueries({ queryKey: backupKeys.timeline(clusterId) }),
      ]);
    },
  });
}
