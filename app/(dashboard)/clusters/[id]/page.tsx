import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-session";
import { clusterPermissions } from "@/components/users/permissions";
import { ClusterClient } from "@/app/(dashboard)/clusters/[id]/cluster-client";

export const metadata: Metadata = { title: "Cluster" };

export default async function ClusterPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id } = await params;
  return <ClusterClient id={id} permissions={clusterPermissions(user.role)} />;
}
