import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-session";
import { WorkersClient } from "@/app/(dashboard)/workers/workers-client";

export const metadata: Metadata = { title: "Workers" };

export default async function WorkersPage() {
  await requirePageUser();
  return <WorkersClient />;
}
