import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-session";
import { DumpsClient } from "@/app/(dashboard)/dumps/dumps-client";

export const metadata: Metadata = { title: "Dumps" };

export default async function DumpsPage() {
  await requirePageUser();
  return <DumpsClient />;
}
