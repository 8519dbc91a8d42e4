"use client";

import Link from "next/link";
import type { ClusterView } from "@/lib/clusters/cluster-view";
import { buttonClass } from "@/components/ui/button-styles";
import { BackUpNowButton } from "@/components/backups/back-up-now-button";
import type { useBackUpNow } from "@/components/backups/use-back-up-now";
import type { useCheckConnection } from "@/components/clusters/use-check-connection";
import { RemoveClusterDialog } from "@/components/clusters/remove-cluster-dialog";
import { restoreFormHref } from "@/components/restores/restore-links";
import { RestorePointDialog } from "@/components/restores/restore-point-dialog";
import type { ClusterPermissions } from "@/components/users/permissions";
import { VerifyButton } from "@/components/verification/verification-button";

/** The cluster page's header buttons, each shown only to a role the API would let do it. */
export function ClusterActions({
  cluster: c,
  permissions,
  backUp,
  backupBusy,
  check,
}: {
  cluster: ClusterView;
  permissions: ClusterPermissions;
  backUp: ReturnType<typeof useBackUpNow>;
  backupBusy: boolean;
  check: ReturnType<typeof useCheckConnection>;
}) {
  return (
    <>
      {permissions.restore ? (
        <>
          <Link href={restoreFormHref(c.id)} className={buttonClass("secondary")}>
            Restore…
          </Link>
          <RestorePointDialog clusterId={c.id} />
        </>
      ) : null}
      {permissions.backup ? <BackUpNowButton engine={c.engine} backUp={backUp} busy={backupBusy} /> : null}
      {/* Verifying needs the operator role, as backing up does. */}
      {permissions.prove ? <VerifyButton clusterId={c.id} /> : null}
      {permissions.check ? (
        <button
          type="button"
          className={buttonClass("secondary")}
          onClick={() => check.mutate()}
          disabled={Boolean(c.pendingCheck) || check.isPending}
        >
          Check connection
        </button>
      ) : null}
      {permissions.manage ? (
        <>
          <Link href={`/clusters/${encodeURIComponent(c.id)}/edit`} className={buttonClass("secondary")}>
            Edit
          </Link>
          <RemoveClusterDialog clusterId={c.id} clusterName={c.name} />
        </>
      ) : null}
    </>
  );
}
