import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-session";
import { policyPermissions } from "@/components/users/permissions";
import { PolicyClient } from "@/app/(dashboard)/policies/[id]/policy-client";

export const metadata: Metadata = { title: "Policy" };

export default async function PolicyPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ id }, user] = await Promise.all([params, requirePageUser()]);
  return <PolicyClient id={id} canEdit={policyPermissions(user.role).manage} />;
}
