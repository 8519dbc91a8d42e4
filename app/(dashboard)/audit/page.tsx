import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page-session";
import { AUDIT_ACTIONS } from "@/app/api/route-rules";
import { accessPermissions } from "@/components/users/permissions";
import { AuditClient } from "@/app/(dashboard)/audit/audit-client";

export const metadata: Metadata = { title: "Audit log" };

// Admins only: the log names people, their addresses and what they tried, and a failed sign-in's
// user name is sometimes a password typed into the wrong field.
export default async function AuditPage() {
  const user = await requirePageUser();
  if (!accessPermissions(user.role).viewAudit) redirect("/clusters");
  return <AuditClient actions={AUDIT_ACTIONS} />;
}
