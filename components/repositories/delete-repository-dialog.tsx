"use client";

import { useQueryClient } from "@tanstack/react-query";
import type { RepositoryView } from "@/lib/repositories/repository-view";
import { apiFetch } from "@/components/ui/api";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { repositoryKeys } from "@/components/repositories/repository-queries";

/** "Delete" for one repository; the server refuses (409) while clusters or backups still use it. */
export function DeleteRepositoryDialog({ repository: r }: { repository: RepositoryView }) {
  const queryClient = useQueryClient();
  return (
    <ConfirmDialog
      id={`delete-repository-${r.id}`}
      trigger="Delete"
      triggerLabel={`Delete repository ${r.name}`}
      title={`Delete repository ${r.name}?`}
      confirm="Delete repository"
      busyText="Deleting…"
      action={async () => {
        await apiFetch<void>(`/api/v1/repositories/${encodeURIComponent(r.id)}`, { method: "DELETE" });
        await queryClient.invalidateQueries({ queryKey: repositoryKeys.all });
      }}
    >
      Wayback forgets the repository at <span className="font-mono break-all">{r.location}</span>. Files or objects already there are not
      removed. A repository that clusters or backups still use cannot be deleted.
    </ConfirmDialog>
  );
}
