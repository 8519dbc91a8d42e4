"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ACTIVITY_KINDS } from "@/lib/domain/activity-input";
import type { ActivityView } from "@/lib/wal-activity/get-activity";
import { ActivityChart } from "@/components/activity/activity-chart";
import { bringTablesBackHref, restoreBeforeHref } from "@/components/activity/restore-before-href";
import { apiFetch } from "@/components/ui/api";
import { SectionHeading } from "@/components/ui/section-heading";

interface Filters {
  table: string;
  kind: string;
  minRows: string;
  from: string;
  to: string;
}

/** The cluster page's "What happened" section: destructive activity from the WAL index, and from each transaction, its tables or the whole cluster back to just before it. */
export function WhatHappenedTab({ clusterId, canRestore }: { clusterId: string; canRestore: boolean }) {
  const [filters, setFilters] = useState<Filters>({ table: "", kind: "", minRows: "", from: "", to: "" });
  const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v.trim() !== ""));
  const activity = useQuery<ActivityView>({
    queryKey: ["activity", clusterId, params.toString()],
    queryFn: ({ signal }) =>
      apiFetch<{ activity: ActivityView }>(`/api/v1/clusters/${encodeURIComponent(clusterId)}/activity?${params}`, { signal }).then(
        (r) => r.activity,
      ),
    placeholderData: keepPreviousData,
  });
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [k]: e.target.value }));
  const data = activity.data;
  return (
    <section aria-labelledby="what-happened-heading" className="space-y-4">
      <SectionHeading id="what-happened-heading">What happened</SectionHeading>
      <form className="flex flex-wrap gap-3 text-sm" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label className="flex flex-col">
          Table
          <select value={filters.table} onChange={set("table")} className="rounded border px-2 py-1">
            <option value="">All tables</option>
            {data?.tables.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          Kind
          <select value={filters.kind} onChange={set("kind")} className="rounded border px-2 py-1">
            <option value="">Any</option>
            {ACTIVITY_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          Minimum rows
          <input value={filters.minRows} onChange={set("minRows")} inputMode="numeric" className="w-28 rounded border px-2 py-1" />
        </label>
        <label className="flex flex-col">
          From (ISO time)
          <input value={filters.from} onChange={set("from")} placeholder="2026-12-02T14:00:00Z" className="rounded border px-2 py-1" />
        </label>
        <label className="flex flex-col">
          To (ISO time)
          <input value={filters.to} onChange={set("to")} placeholder="2026-12-02T15:00:00Z" className="rounded border px-2 py-1" />
        </label>
      </form>
      {activity.isError && (
        <p role="alert" className="text-sm text-red-700">
          {(activity.error as Error).message}
        </p>
      )}
      {data && (
        <>
          <ActivityChart minutes={data.minutes} from={data.from} to={data.to} />
          {data.transactions.length === 0 ? (
            <p className="text-sm text-neutral-600">No destructive transactions in this window.</p>
          ) : (
            <table className="w-full text-sm">
              <caption className="text-left text-neutral-600">Largest destructive transactions</caption>
              <thead>
                <tr className="text-left">
                  <th scope="col">Committed (UTC)</th>
                  <th scope="col">xid</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Rows per table</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.transactions.map((t) => (
                  <tr key={`${t.timeline}-${t.xid}-${t.endedAt}`} className="border-t align-top">
                    <td className="font-mono">{t.endedAt.replace("T", " ").replace("Z", "")}</td>
                    <td className="font-mono">{t.xid}</td>
                    <td>{t.kind}</td>
                    <td>
                      <ul>
                        {t.relations.map((r) => (
                          <li key={r.label}>
                            {r.label}: {describe(r)}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      {canRestore && (
                        <ul className="space-y-1">
                          <li>
                            <Link href={bringTablesBackHref(clusterId, t.xid, t.relations)} className="underline">
                              Bring tables back to just before
                            </Link>
                          </li>
                          <li>
                            <Link href={restoreBeforeHref(clusterId, t.xid)} className="underline">
                              Restore the cluster to just before
                            </Link>
                          </li>
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

function describe(r: ActivityView["transactions"][number]["relations"][number]): string {
  const parts = [
    r.event ? `${r.event}` : null,
    r.deleted ? `${r.deleted} deleted` : null,
    r.updated ? `${r.updated} updated` : null,
    r.inserted ? `${r.inserted} inserted` : null,
  ];
  return parts.filter(Boolean).join(", ");
}
