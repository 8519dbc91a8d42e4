import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-session";
import { BackupsClient } from "@/app/(dashboard)/backups/backups-client";

export const metadata: Metadata = { title: "Backups" };

export default async function BackupsPage() {
  await requirePageUser();
  return <BackupsClient />;
}
