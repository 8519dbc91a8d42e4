import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-session";
import { repositoryPermissions } from "@/components/users/permissions";
import { RepositoriesClient } from "@/app/(dashboard)/repositories/repositories-client";

export const metadata: Metadata = { title: "Repositories" };

export default async function RepositoriesPage() {
  const user = await requirePageUser();
  const can = repositoryPermissions(user.role);
  return <RepositoriesClient canManage={can.manage} canTest={can.test} />;
}
