"use client";

import Link from "next/link";
import { QueryList } from "@/components/ui/query-list";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { restoreStatus } from "@/components/restores/restore-status";
import { tableRestoreHref, useClusterTableRestores } from "@/components/table-restores/table-restore-queries";

/** The cluster's table restores, and the way to start one. */
export function TableRestoresPanel({ clusterId, canRestore }: { clusterId: string; canRestore: boolean }) {
  const list = useClusterTableRestores(clusterId);
  return (
    <div className="mt-4 space-y-2">
      <div className="flex items-center gap-3">
        <h3 className="text-sm font-semibold text-neutral-800">Table restores</h3>
        {canRestore ? (
          <Link href={`/clusters/${encodeURIComponent(clusterId)}/restore/tables`} className="text-sm text-sky-800 hover:underline">
            Restore tables…
          </Link>
        ) : null}
      </div>
      <QueryList query={list} what="table restores" empty="No table restores yet.">
        {(rows) => (
          <ul className="space-y-1 text-sm">
            {rows.map((t) => (
              <li key={t.id} className="flex flex-wrap items-center gap-2">
                <StatusBadge tone={restoreStatus(t.status).tone}>{restoreStatus(t.status).label}</StatusBadge>
                <Link href={tableRestoreHref(clusterId, t.id)} className="font-mono text-sky-800 hover:underline">
                  {t.tables.join(", ")} → {t.destinationName}
                </Link>
                <Time iso={t.createdAt} />
              </li>
            ))}
          </ul>
        )}
      </QueryList>
    </div>
  );
}
