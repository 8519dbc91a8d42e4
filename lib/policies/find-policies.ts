import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors/app-error";
import { presentPolicy, type PolicyView } from "@/lib/policies/policy-view";

const withClusters = { clusters: { select: { id: true, name: true }, orderBy: { name: "asc" as const } } };

export async function listPolicies(db: Db, now = new Date()): Promise<PolicyView[]> {
  const rows = await db.policy.findMany({ include: withClusters, orderBy: { name: "asc" } });
  return rows.map((p) => presentPolicy(p, now));
}

export async function getPolicy(db: Db, id: string, now = new Date()): Promise<PolicyView> {
  const row = await db.policy.findUnique({ where: { id }, include: withClusters });
  if (!row) throw notFound("The policy");
  return presentPolicy(row, now);
}
