"use client";

import { useClusterDumps } from "@/components/dumps/dump-queries";
import { DumpNowForm } from "@/components/dumps/dump-now-form";
import { DumpProgress } from "@/components/dumps/dump-progress";
import { DumpsTable } from "@/components/dumps/dumps-table";
import { QueryList } from "@/components/ui/query-list";
import { SectionHeading } from "@/components/ui/section-heading";

/** Logical dumps on the cluster page: "Dump now" (operators), a running dump's progress, the list. */
export function DumpsPanel({
  clusterId,
  clusterName,
  defaultDatabase,
  canDump,
}: {
  clusterId: string;
  clusterName: string;
  defaultDatabase: string;
  canDump: boolean;
}) {
  const dumps = useClusterDumps(clusterId);
  const running = dumps.data?.find((d) => d.status === "running") ?? null;
  return (
    <section aria-labelledby="dumps-heading" className="space-y-3">
      <SectionHeading id="dumps-heading">Logical dumps</SectionHeading>
      {canDump ? <DumpNowForm clusterId={clusterId} defaultDatabase={defaultDatabase} busy={running !== null} /> : null}
      {running ? <DumpProgress dump={running} measuredAt={dumps.dataUpdatedAt} /> : null}
      <QueryList query={dumps} what="dumps" empty={`No dumps yet.${canDump ? " Use “Dump now” to take one." : ""}`}>
        {(rows) => <DumpsTable dumps={rows} caption={`Dumps of ${clusterName}`} />}
      </QueryList>
    </section>
  );
}
