import type { Metadata } from "next";
import { appContext } from "@/lib/app-context";
import { requirePageUser } from "@/lib/auth/page-session";
import { listClusters } from "@/lib/clusters/find-clusters";
import { clusterPermissions } from "@/components/users/permissions";
import { ClustersClient } from "@/app/(dashboard)/clusters/clusters-client";

export const metadata: Metadata = { title: "Clusters" };

export default async function ClustersPage() {
  const user = await requirePageUser();
  // Read here, not after the browser has loaded the page's script: the list is in the first paint.
  const clusters = await listClusters(appContext().db);
  return <ClustersClient canManage={clusterPermissions(user.role).manage} initialClusters={clusters} />;
}
