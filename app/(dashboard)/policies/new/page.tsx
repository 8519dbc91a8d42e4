import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/page-session";
import { PageHeader } from "@/components/ui/page-header";
import { policyPermissions } from "@/components/users/permissions";
import { PolicyForm } from "@/components/policies/policy-form";

export const metadata: Metadata = { title: "New policy" };

export default async function NewPolicyPage() {
  const user = await requirePageUser();
  const canEdit = policyPermissions(user.role).manage;
  return (
    <>
      <PageHeader
        title="New policy"
        back={
          <Link href="/policies" className="text-sky-800 hover:underline">
            ← Policies
          </Link>
        }
      />
      {canEdit ? <PolicyForm policy={null} canEdit /> : <p className="text-sm text-neutral-600">Only admins create policies.</p>}
    </>
  );
}
