import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-session";
import { RestoresClient } from "@/app/(dashboard)/restores/restores-client";

export const metadata: Metadata = { title: "Restores" };

export default async function RestoresPage() {
  await requirePageUser();
  return <RestoresClient />;
}
