import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-session";
import { policyPermissions } from "@/components/users/permissions";
import { PoliciesClient } from "@/app/(dashboard)/policies/policies-client";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage() {
  const user = await requirePageUser();
  return <PoliciesClient canManage={policyPermissions(user.role).manage} />;
}
