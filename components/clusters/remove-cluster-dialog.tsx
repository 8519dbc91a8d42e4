"use client";

import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/ui/api";
import { buttonClass } from "@/components/ui/button-styles";
import { clusterKeys } from "@/components/clusters/cluster-queries";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/** "Remove cluster": its name typed to confirm (checked again by the server), then back to the cluster list. */
export function RemoveClusterDialog({ clusterId, clusterName }: { clusterId: string; clusterName: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  return (
    <ConfirmDialog
      id="remove-cluster"
      trigger="Remove cluster"
      triggerLabel="Remove cluster"
      triggerClass={buttonClass("danger")}
      title="Remove cluster"
      confirm="Remove cluster"
      busyText="Removing…"
      typeToConfirm={{ what: "cluster", name: clusterName }}
      action={async (typed) => {
        await apiFetch<void>(`/api/v1/clusters/${encodeURIComponent(clusterId)}?${new URLSearchParams({ confirm: typed })}`, {
          method: "DELETE",
        });
        queryClient.removeQueries({ queryKey: clusterKeys.detail(clusterId) });
        queryClient.removeQueries({ queryKey: clusterKeys.jobs(clusterId) });
        await queryClient.invalidateQueries({ queryKey: clusterKeys.list() });
        router.replace("/clusters");
        router.refresh();
      }}
    >
      Wayback forgets <strong className="font-mono">{clusterName}</strong>, its saved connection and its check history. The PostgreSQL
      server itself is not touched.
    </ConfirmDialog>
  );
}
