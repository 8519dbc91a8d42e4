import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-session";
import { TableRestoreResultClient } from "@/app/(dashboard)/clusters/[id]/restore/tables/[tableRestoreId]/table-restore-result-client";

export const metadata: Metadata = { title: "Table restore" };

export default async function TableRestorePage({ params }: { params: Promise<{ id: string; tableRestoreId: string }> }) {
  await requirePageUser();
  const { id, tableRestoreId } = await params;
  return <TableRestoreResultClient clusterId={id} id={tableRestoreId} />;
}
