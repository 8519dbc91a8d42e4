import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page-session";
import { clusterPermissions } from "@/components/users/permissions";
import { RestoreClusterClient } from "@/app/(dashboard)/clusters/[id]/restore/restore-cluster-client";

export const metadata: Metadata = { title: "Restore" };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function RestoreClusterPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser();
  const { id } = await params;
  const can = clusterPermissions(user.role);
  if (!can.restore) redirect(`/clusters/${encodeURIComponent(id)}`);
  const q = await searchParams;
  return (
    <RestoreClusterClient
      id={id}
      prefill={{ time: one(q.time), name: one(q.name), xid: one(q.xid), inclusive: one(q.inclusive) }}
      canRestoreInPlace={can.restoreInPlace}
    />
  );
}
