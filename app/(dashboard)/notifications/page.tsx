import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-session";
import { notificationPermissions } from "@/components/users/permissions";
import { NotificationsClient } from "@/app/(dashboard)/notifications/notifications-client";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const user = await requirePageUser();
  return <NotificationsClient canManage={notificationPermissions(user.role).manage} />;
}
