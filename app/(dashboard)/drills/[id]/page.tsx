import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-session";
import { DrillClient } from "@/app/(dashboard)/drills/[id]/drill-client";

export const metadata: Metadata = { title: "Restore drill" };

export default async function DrillPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser();
  const { id } = await params;
  return <DrillClient id={id} />;
}
