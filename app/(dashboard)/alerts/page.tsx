import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-session";
import { alertPermissions } from "@/components/users/permissions";
import { AlertsClient } from "@/app/(dashboard)/alerts/alerts-client";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage() {
  const user = await requirePageUser();
  return <AlertsClient canAcknowledge={alertPermissions(user.role).acknowledge} />;
}
