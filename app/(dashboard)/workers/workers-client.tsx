"use client";

import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { useWorkers } from "@/components/workers/worker-queries";
import { WorkersTable } from "@/components/workers/workers-table";

export function WorkersClient() {
  const workers = useWorkers();
  return (
    <>
      <PageHeader
        title="Workers"
        summary="Every worker process by host: its queues, what it runs and its last heartbeat. One that missed three beats is gone."
      />
      {workers.isError ? <ErrorAlert title="Could not load the workers." message={errorMessage(workers.error)} /> : null}
      {workers.isPending ? (
        <p className="text-sm text-neutral-500">Loading workers…</p>
      ) : workers.data && workers.data.length === 0 ? (
        <div className="rounded border border-dashed border-neutral-300 bg-white px-4 py-8 text-center text-sm text-neutral-600">
          No worker has reported yet. Start one with <code>npm run worker</code>.
        </div>
      ) : workers.data ? (
        <WorkersTable workers={workers.data} />
      ) : null}
    </>
  );
}
