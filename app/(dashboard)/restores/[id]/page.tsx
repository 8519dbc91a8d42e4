import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-session";
import { RestoreClient } from "@/app/(dashboard)/restores/[id]/restore-client";

export const metadata: Metadata = { title: "Restore" };

export default async function RestorePage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser();
  const { id } = await params;
  return <RestoreClient id={id} />;
}
