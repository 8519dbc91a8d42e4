"use client";

import Link from "next/link";
import { AlertCard } from "@/components/alerts/alert-card";
import { useAlerts } from "@/components/alerts/alert-queries";

/** The cluster's unresolved alerts as banners at the top of its page; nothing when there are none. */
export function ClusterAlerts({ clusterId, canAcknowledge }: { clusterId: string; canAcknowledge: boolean }) {
  const alerts = useAlerts({ clusterId, state: "unresolved" });
  const rows = alerts.data ?? [];
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="cluster-alerts-heading" className="space-y-2 rounded border border-red-200 bg-red-50/60 p-2">
      <h2 id="cluster-alerts-heading" className="flex items-center justify-between text-sm font-semibold text-red-900">
        <span>
          {rows.length} unresolved alert{rows.length === 1 ? "" : "s"}
        </span>
        <Link href="/alerts" className="font-normal text-sky-800 hover:underline">
          All alerts →
        </Link>
      </h2>
      {rows.map((a) => (
        <AlertCard key={a.id} alert={a} canAcknowledge={canAcknowledge} showCluster={false} />
      ))}
    </section>
  );
}
