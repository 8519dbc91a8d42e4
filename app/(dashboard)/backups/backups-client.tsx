"use client";

import { useState } from "react";
import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { useBackups, type BackupOrder, type BackupStatusFilter } from "@/components/backups/backup-queries";
import { BackupsTable } from "@/components/backups/backups-table";
import { inputClass } from "@/components/ui/form-field";
import { PageHeader } from "@/components/ui/page-header";

const STATUS_OPTIONS: { value: BackupStatusFilter; label: string }[] = [
  { value: "", label: "All" },
  { value: "running", label: "Running" },
  { value: "complete", label: "Complete" },
  { value: "failed", label: "Failed" },
];

export function BackupsClient() {
  const [status, setStatus] = useState<BackupStatusFilter>("");
  const [order, setOrder] = useState<BackupOrder>("desc");
  const backups = useBackups(status, order);

  return (
    <>
      <PageHeader title="Backups" summary="Full backups of every cluster, as the catalog records them." />
      <div className="mb-3 flex flex-wrap items-end gap-4">
        <div>
          <label htmlFor="backups-status" className="mb-1 block text-sm font-medium text-neutral-800">
            Status
          </label>
          <select
            id="backups-status"
            className={`${inputClass} w-40`}
            value={status}
            onChange={(e) => setStatus(e.target.value as BackupStatusFilter)}
          >
            {STATUS_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="backups-order" className="mb-1 block text-sm font-medium text-neutral-800">
            Order
          </label>
          <select
            id="backups-order"
            className={`${inputClass} w-40`}
            value={order}
            onChange={(e) => setOrder(e.target.value as BackupOrder)}
          >
            <option value="desc">Newest first</option>
            <option value="asc">Oldest first</option>
          </select>
        </div>
      </div>

      {backups.isError ? <ErrorAlert title="Could not load the backups." message={errorMessage(backups.error)} /> : null}
      {backups.isPending ? (
        <p className="text-sm text-neutral-500">Loading backups…</p>
      ) : backups.data && backups.data.length === 0 ? (
        <div className="rounded border border-dashed border-neutral-300 bg-white px-4 py-8 text-center text-sm text-neutral-600">
          {status ? "No backups with this status." : "No backups yet. Start one from a cluster's page with “Back up now”."}
        </div>
      ) : backups.data ? (
        <BackupsTable backups={backups.data} showCluster caption="Backups" />
      ) : null}
    </>
  );
}
