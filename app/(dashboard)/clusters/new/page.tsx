import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page-session";
import { clusterPermissions } from "@/components/users/permissions";
import { NewClusterClient } from "@/app/(dashboard)/clusters/new/new-cluster-client";

export const metadata: Metadata = { title: "Add cluster" };

export default async function NewClusterPage() {
  const user = await requirePageUser();
  if (!clusterPermissions(user.role).manage) redirect("/clusters");
  return <NewClusterClient />;
}
