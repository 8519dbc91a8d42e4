import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-session";
import { clusterPermissions } from "@/components/permissions";
import { ClustersClient } from "@/app/(dashboard)/clusters/clusters-client";

export const metadata: Metadata = { title: "Clusters" };

export default async function ClustersPage() {
  const user = await requirePageUser();
  return <ClustersClient canManage={clusterPermissions(user.role).manage} />;
}
