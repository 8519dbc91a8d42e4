"use client";

import { useState } from "react";
import { useDumps, type DumpStatusFilter } from "@/components/dumps/dump-queries";
import { DumpsTable } from "@/components/dumps/dumps-table";
import { inputClass } from "@/components/ui/form-field";
import { PageHeader } from "@/components/ui/page-header";
import { QueryList } from "@/components/ui/query-list";

export function DumpsClient() {
  const [status, setStatus] = useState<DumpStatusFilter>("");
  const dumps = useDumps(status);
  return (
    <>
      <PageHeader
        title="Dumps"
        summary="Logical dumps (pg_dump) of every cluster's databases: portable across major versions, restorable table by table."
      />
      <div className="mb-3">
        <label htmlFor="dumps-status" className="mb-1 block text-sm font-medium text-neutral-800">
          Status
        </label>
        <select
          id="dumps-status"
          className={`${inputClass} w-40`}
          value={status}
          onChange={(e) => setStatus(e.target.value as DumpStatusFilter)}
        >
          <option value="">All</option>
          <option value="running">Running</option>
          <option value="complete">Complete</option>
          <option value="failed">Failed</option>
        </select>
      </div>
      <QueryList
        query={dumps}
        what="dumps"
        empty={status ? "No dumps with this status." : "No dumps yet. Take one from a cluster's page with “Dump now”."}
      >
        {(rows) => <DumpsTable dumps={rows} showCluster caption="Dumps" />}
      </QueryList>
    </>
  );
}
