"use client";

import type { ClusterView } from "@/lib/clusters/cluster-view";
import { useClusterRestores } from "@/components/restores/restore-queries";
import { RestoresTable } from "@/components/restores/restores-table";
import { QueryList } from "@/components/ui/query-list";
import { SectionHeading } from "@/components/ui/section-heading";
import { TableRestoresPanel } from "@/components/table-restores/table-restores-panel";

/** The cluster page's "Restores" section. */
export function RestoresTab({ cluster: c, canRestore }: { cluster: ClusterView; canRestore: boolean }) {
  const restores = useClusterRestores(c.id);
  return (
    <section aria-labelledby="restores-heading">
      <SectionHeading id="restores-heading">Restores</SectionHeading>
      <QueryList
        query={restores}
        what="restores"
        empty={`No restores yet.${canRestore ? " Click a moment on the timeline, or use “Restore…”." : ""}`}
      >
        {(rows) => <RestoresTable restores={rows} caption={`Restores of ${c.name}`} />}
      </QueryList>
      <TableRestoresPanel clusterId={c.id} canRestore={canRestore} />
    </section>
  );
}
