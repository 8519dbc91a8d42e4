"use client";

import type { ClusterView } from "@/lib/clusters/cluster-view";
import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { ClusterFacts } from "@/components/clusters/cluster-facts";
import { useMonitoring } from "@/components/monitoring/monitoring-queries";
import { ProductionChecklist } from "@/components/clusters/production-checklist";
import { ReadinessList } from "@/components/clusters/readiness-list";
import { SectionHeading } from "@/components/ui/section-heading";
import { Time } from "@/components/ui/time";

/** The cluster page's "Readiness" section: the last connection check, the server's facts, the production checklist. */
export function ReadinessTab({ cluster: c }: { cluster: ClusterView }) {
  const monitoring = useMonitoring(c.id);
  return (
    <div className="space-y-6">
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <section aria-labelledby="readiness-heading">
          <SectionHeading id="readiness-heading">Readiness</SectionHeading>
          {c.lastCheck ? (
            <>
              <p className="mb-2 text-sm text-neutral-600">
                {c.lastCheck.ready ? readySummary(c) : notReadySummary(c)} Checked <Time iso={c.lastCheck.checkedAt} />.
              </p>
              <ReadinessList items={c.lastCheck.readiness} />
            </>
          ) : (
            <p className="rounded border border-dashed border-neutral-300 bg-white px-3 py-4 text-sm text-neutral-600">
              {c.pendingCheck ? "The first connection check has not finished yet." : "This cluster has not been checked yet."}
            </p>
          )}
        </section>

        <section aria-labelledby="facts-heading">
          <SectionHeading id="facts-heading">Server facts</SectionHeading>
          {c.lastCheck ? <ClusterFacts check={c.lastCheck} /> : <p className="text-sm text-neutral-500">Known after the first check.</p>}
        </section>
      </div>

      <section aria-labelledby="checklist-heading">
        <SectionHeading id="checklist-heading">Production checklist</SectionHeading>
        {monitoring.data ? (
          <ProductionChecklist items={monitoring.data.checklist} />
        ) : monitoring.isError ? (
          <ErrorAlert title="Could not load the checklist." message={errorMessage(monitoring.error)} />
        ) : (
          <p className="text-sm text-neutral-500">Loading…</p>
        )}
      </section>
    </div>
  );
}

function readySummary(c: ClusterView): string {
  const warnings = c.lastCheck?.readiness.filter((i) => i.status === "warn").length ?? 0;
  return warnings > 0
    ? `Ready for physical backups, with ${warnings} ${warnings === 1 ? "warning" : "warnings"}.`
    : "Ready for physical backups.";
}

function notReadySummary(c: ClusterView): string {
  if (c.lastCheck && !c.lastCheck.reachable) return "Wayback could not connect to this server.";
  const failures = c.lastCheck?.readiness.filter((i) => i.status === "fail").length ?? 0;
  return `Not ready for physical backups: ${failures} ${failures === 1 ? "item needs" : "items need"} fixing.`;
}
