"use client";

import Link from "next/link";
import { LoadFailure } from "@/components/ui/load-failure";
import { PageHeader } from "@/components/ui/page-header";
import { TableRestoreResultView } from "@/components/table-restores/table-restore-result";
import { useTableRestore } from "@/components/table-restores/table-restore-queries";

export function TableRestoreResultClient({ clusterId, id }: { clusterId: string; id: string }) {
  const q = useTableRestore(clusterId, id);
  const clusterHref = `/clusters/${encodeURIComponent(clusterId)}`;
  if (!q.data) {
    if (q.isError) return <LoadFailure error={q.error} what="table restore" backHref={clusterHref} backLabel="← Back to the cluster" />;
    return <p className="text-sm text-neutral-500">Loading table restore…</p>;
  }
  return (
    <>
      <PageHeader
        back={
          <Link href={clusterHref} className="text-sky-800 hover:underline">
            ← {q.data.clusterName}
          </Link>
        }
        title={`Table restore of ${q.data.clusterName}`}
        summary={`${q.data.tables.join(", ")} as at the target, into ${q.data.destinationName}.`}
      />
      <TableRestoreResultView tableRestore={q.data} measuredAt={q.dataUpdatedAt} />
    </>
  );
}
