"use client";

import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { useRestores } from "@/components/restores/restore-queries";
import { RestoresTable } from "@/components/restores/restores-table";

export function RestoresClient() {
  const restores = useRestores();
  return (
    <>
      <PageHeader title="Restores" summary="Every point-in-time restore run, newest first, with how long each phase took." />
      {restores.isError ? <ErrorAlert title="Could not load the restores." message={errorMessage(restores.error)} /> : null}
      {restores.isPending ? (
        <p className="text-sm text-neutral-500">Loading restores…</p>
      ) : restores.data && restores.data.length === 0 ? (
        <div className="rounded border border-dashed border-neutral-300 bg-white px-4 py-8 text-center text-sm text-neutral-600">
          No restores yet. Start one from a cluster&apos;s page: click a moment on its timeline, or use “Restore…”.
        </div>
      ) : restores.data ? (
        <RestoresTable restores={restores.data} showCluster caption="Restores" />
      ) : null}
    </>
  );
}
