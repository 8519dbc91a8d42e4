"use client";

import { useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/ui/api";
import { backupKeys } from "@/components/backups/backup-queries";
import { buttonClass } from "@/components/ui/button-styles";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/** "Delete backup" (admins): its label typed to confirm; a worker job then removes its files. */
export function DeleteBackupDialog({ backupId, label }: { backupId: string; label: string }) {
  const queryClient = useQueryClient();
  return (
    <ConfirmDialog
      id="delete-backup"
      trigger="Delete backup"
      triggerLabel="Delete backup"
      triggerClass={buttonClass("danger")}
      title="Delete backup"
      confirm="Delete backup"
      busyText="Deleting…"
      typeToConfirm={{ what: "backup", name: label }}
      action={async (typed) => {
        await apiFetch(`/api/v1/backups/${encodeURIComponent(backupId)}?${new URLSearchParams({ confirm: typed })}`, { method: "DELETE" });
        await queryClient.invalidateQueries({ queryKey: backupKeys.all });
      }}
    >
      The backup&apos;s files are removed from the repository and it can no longer be restored. WAL that only this backup needed goes at the
      next retention run. The cluster&apos;s only complete backup, and one a restore or drill is using, cannot be deleted.
    </ConfirmDialog>
  );
}
