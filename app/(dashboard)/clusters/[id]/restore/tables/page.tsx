import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page-session";
import { clusterPermissions } from "@/components/users/permissions";
import { TableRestoreClient } from "@/app/(dashboard)/clusters/[id]/restore/tables/table-restore-client";

export const metadata: Metadata = { title: "Restore tables" };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

// ?targetKind=xid&target=<xid>&inclusive=false&database=<db>&table=<schema.name>…: "Bring tables back to just before" links here.
export default async function RestoreTablesPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser();
  const { id } = await params;
  if (!clusterPermissions(user.role).restore) redirect(`/clusters/${encodeURIComponent(id)}`);
  const q = await searchParams;
  return (
    <TableRestoreClient
      id={id}
      prefill={{
        targetKind: one(q.targetKind),
        target: one(q.target),
        inclusive: one(q.inclusive),
        database: one(q.database),
        tables: [q.table ?? []].flat(),
      }}
    />
  );
}
