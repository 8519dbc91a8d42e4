"use client";

import { DataTable } from "@/components/ui/data-table";
import { FailureText } from "@/components/ui/failure-text";
import { Time } from "@/components/ui/time";
import type { BackupCopyView, CopyRepositoryView } from "@/lib/copies/copies-view";

/** Each backup's copy in each copy repository, newest first: copying, complete (when) or failed (why). */
export function BackupCopiesTable({ copies, repositories }: { copies: BackupCopyView[]; repositories: CopyRepositoryView[] }) {
  const nameOf = (id: string) => repositories.find((r) => r.repositoryId === id)?.name ?? "a former copy repository";
  return (
    <DataTable caption="Backup copies" columns={[{ label: "Backup" }, { label: "Repository" }, { label: "Copy" }]}>
      {copies.map((b) => (
        <tr key={`${b.backupId}:${b.repositoryId}`}>
          <td className="px-3 py-2 font-mono text-xs">{b.backupId.slice(0, 8)}</td>
          <td className="px-3 py-2">{nameOf(b.repositoryId)}</td>
          <td className="px-3 py-2">
            {b.status === "complete" ? (
              <>
                complete <Time iso={b.copiedAt} />
              </>
            ) : b.status === "expired" ? (
              "removed by this repository's retention"
            ) : (
              b.status
            )}
            {b.error ? <FailureText error={b.error} /> : null}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
