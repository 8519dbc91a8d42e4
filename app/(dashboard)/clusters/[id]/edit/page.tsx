import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page-session";
import { clusterPermissions } from "@/components/users/permissions";
import { EditClusterClient } from "@/app/(dashboard)/clusters/[id]/edit/edit-cluster-client";

export const metadata: Metadata = { title: "Edit cluster" };

export default async function EditClusterPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id } = await params;
  if (!clusterPermissions(user.role).manage) redirect(`/clusters/${encodeURIComponent(id)}`);
  return <EditClusterClient id={id} />;
}
