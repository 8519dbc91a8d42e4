"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { BackupView } from "@/lib/backups/backup-view";
import type { ClusterView } from "@/lib/clusters/cluster-view";
import { BackupsTable } from "@/components/backups/backups-table";
import type { ClusterPermissions } from "@/components/users/permissions";
import { QueryList } from "@/components/ui/query-list";
import { SectionHeading } from "@/components/ui/section-heading";
import { VerificationPanel } from "@/components/verification/verification-panel";

/** The cluster page's "Backups" section: the backups (fetched by the page, which also shows their progress) and verification. */
export function BackupsTab({
  cluster: c,
  backups,
  permissions,
}: {
  cluster: ClusterView;
  backups: UseQueryResult<BackupView[]>;
  permissions: ClusterPermissions;
}) {
  return (
    <div className="space-y-6">
      <section aria-labelledby="backups-heading">
        <SectionHeading id="backups-heading">Backups</SectionHeading>
        <QueryList
          query={backups}
          what="backups"
          empty={`No backups yet.${permissions.backup ? " Use “Back up now” to take the first one." : ""}`}
        >
          {(rows) => <BackupsTable backups={rows} caption={`Backups of ${c.name}`} />}
        </QueryList>
      </section>
      <section aria-labelledby="verification-heading">
        <SectionHeading id="verification-heading">Verification</SectionHeading>
        <VerificationPanel clusterId={c.id} canStart={permissions.prove} />
      </section>
    </div>
  );
}
