import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-session";
import { dumpPermissions } from "@/components/users/permissions";
import { DumpClient } from "@/app/(dashboard)/dumps/[id]/dump-client";

export const metadata: Metadata = { title: "Dump" };

export default async function DumpPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id } = await params;
  return <DumpClient id={id} permissions={dumpPermissions(user.role)} />;
}
