"use client";

import Link from "next/link";
import type { PolicyView } from "@/lib/policies/policy-view";
import { buttonClass } from "@/components/ui/button-styles";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { usePolicies } from "@/components/policies/policy-queries";
import { QueryList } from "@/components/ui/query-list";

const KIND_LABEL = {
  backup: "Backup",
  backup_diff: "Differential",
  backup_incr: "Incremental",
  verify: "Verify",
  drill: "Drill",
  retention: "Retention",
  dump: "Dump",
} as const;

export function PoliciesClient({ canManage }: { canManage: boolean }) {
  const policies = usePolicies();
  return (
    <>
      <PageHeader
        title="Policies"
        summary="Schedules for backups, verifications, drills and retention, and how long backups are kept. A policy can serve any number of clusters."
        actions={
          canManage ? (
            <Link href="/policies/new" className={buttonClass("primary")}>
              New policy
            </Link>
          ) : null
        }
      />
      <QueryList
        query={policies}
        what="policies"
        empty={canManage ? "No policies yet: create one, then choose it on a cluster's page." : "No policies yet: an admin can create one."}
      >
        {(list) => <PoliciesTable policies={list} />}
      </QueryList>
    </>
  );
}

function PoliciesTable({ policies }: { policies: PolicyView[] }) {
  return (
    <DataTable caption="Policies" columns={[{ label: "Name" }, { label: "Schedules" }, { label: "Keeps" }, { label: "Clusters" }]}>
      {policies.map((p) => (
        <tr key={p.id} className="align-top hover:bg-neutral-50">
          <td className="px-3 py-2 font-medium">
            <Link href={`/policies/${encodeURIComponent(p.id)}`} className="text-sky-800 hover:underline">
              {p.name}
            </Link>
            <div className="text-xs text-neutral-500">{p.timeZone}</div>
          </td>
          <td className="px-3 py-2 text-xs">
            {p.schedules.length === 0 ? (
              <span className="text-neutral-500">None</span>
            ) : (
              p.schedules.map((s) => (
                <div key={s.kind}>
                  <span className="text-neutral-600">{KIND_LABEL[s.kind]}</span> <code className="font-mono">{s.cron}</code>
                </div>
              ))
            )}
          </td>
          <td className="px-3 py-2 text-xs tabular-nums">
            {p.keepDaily} daily, {p.keepWeekly} weekly, {p.keepMonthly} monthly, {p.keepYearly} yearly; at least {p.minComplete}
            <div className="text-neutral-500">
              Dumps: {p.dumpKeepDaily} daily, {p.dumpKeepWeekly} weekly, {p.dumpKeepMonthly} monthly, {p.dumpKeepYearly} yearly; at least{" "}
              {p.dumpMinComplete}
            </div>
          </td>
          <td className="px-3 py-2 text-xs">
            {p.clusters.length === 0 ? <span className="text-neutral-500">None</span> : p.clusters.map((c) => c.name).join(", ")}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
