import type { Db } from "@/lib/db/client";
import type { ArchiveFacts } from "@/lib/domain/readiness";
import type { ServerFacts } from "@/lib/pg/inspect-server";

export type CheckOutcome =
  { reachable: true; facts: ServerFacts; clientToolsMajor: number | null; archive: ArchiveFacts } | { reachable: false; error: string };

export async function recordCheck(db: Db, opts: { clusterId: string; jobId: string; outcome: CheckOutcome }): Promise<void> {
  const { clusterId, jobId, outcome } = opts;
  const data = outcome.reachable
    ? { reachable: true, ...outcome.facts, clientToolsMajor: outcome.clientToolsMajor, ...outcome.archive }
    : { reachable: false, error: outcome.error };
  // A retried job replaces what its earlier attempt recorded.
  await db.clusterCheck.upsert({ where: { jobId }, create: { clusterId, jobId, ...data }, update: { checkedAt: new Date(), ...data } });
}
