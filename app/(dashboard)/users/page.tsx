import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page-session";
import { accessPermissions } from "@/components/users/permissions";
import { UsersClient } from "@/app/(dashboard)/users/users-client";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await requirePageUser();
  if (!accessPermissions(user.role).manageUsers) redirect("/users/me");
  return <UsersClient currentUserId={user.id} />;
}
