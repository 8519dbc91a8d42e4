"use client";

import { useState } from "react";
import { ALERT_RULE_NAMES, ALERT_RULES } from "@/lib/domain/alert-rules";
import type { AlertView } from "@/lib/alerts/alert-view";
import { AlertCard } from "@/components/alerts/alert-card";
import { useAlerts, type AlertFilters } from "@/components/alerts/alert-queries";
import { useClusters } from "@/components/clusters/cluster-queries";
import { inputClass } from "@/components/ui/form-field";
import { PageHeader } from "@/components/ui/page-header";
import { QueryList } from "@/components/ui/query-list";

const STATES: { value: NonNullable<AlertFilters["state"]> | ""; label: string }[] = [
  { value: "unresolved", label: "Open and acknowledged" },
  { value: "open", label: "Open" },
  { value: "acknowledged", label: "Acknowledged" },
  { value: "resolved", label: "Resolved" },
  { value: "", label: "All (history)" },
];

export function AlertsClient({ canAcknowledge }: { canAcknowledge: boolean }) {
  const [filters, setFilters] = useState<AlertFilters>({ state: "unresolved" });
  const alerts = useAlerts(filters);
  const clusters = useClusters();
  const set = (patch: Partial<AlertFilters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <>
      <PageHeader title="Alerts" summary="Open alerts first, the most severe first. Each resolves by itself when its condition clears." />
      <form className="mb-4 flex flex-wrap items-end gap-3 text-sm" onSubmit={(e) => e.preventDefault()} aria-label="Filter alerts">
        <label className="flex flex-col gap-1">
          <span className="text-neutral-700">Cluster</span>
          <select className={inputClass} value={filters.clusterId ?? ""} onChange={(e) => set({ clusterId: e.target.value || undefined })}>
            <option value="">All clusters</option>
            {clusters.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-neutral-700">Rule</span>
          <select className={inputClass} value={filters.rule ?? ""} onChange={(e) => set({ rule: e.target.value || undefined })}>
            <option value="">All rules</option>
            {ALERT_RULE_NAMES.map((r) => (
              <option key={r} value={r}>
                {ALERT_RULES[r].label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-neutral-700">State</span>
          <select
            className={inputClass}
            value={filters.state ?? ""}
            onChange={(e) => set({ state: (e.target.value || undefined) as AlertFilters["state"] })}
          >
            {STATES.map((s) => (
              <option key={s.label} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </form>
      <QueryList query={alerts} what="alerts" empty="No alerts match.">
        {(rows: AlertView[]) => (
          <div className="space-y-2">
            {rows.map((a) => (
              <AlertCard key={a.id} alert={a} canAcknowledge={canAcknowledge} />
            ))}
          </div>
        )}
      </QueryList>
    </>
  );
}
