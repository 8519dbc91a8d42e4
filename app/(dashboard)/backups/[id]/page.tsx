import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-session";
import { backupPermissions } from "@/components/users/permissions";
import { BackupClient } from "@/app/(dashboard)/backups/[id]/backup-client";

export const metadata: Metadata = { title: "Backup" };

export default async function BackupPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id } = await params;
  return <BackupClient id={id} canDelete={backupPermissions(user.role).delete} />;
}
