"use client";

import type { AuditEventView } from "@/lib/audit/find-audit-events";
import { AuditFilterForm, useAuditFilterState } from "@/components/audit/audit-filters";
import { useAuditEvents } from "@/components/audit/audit-queries";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";

const OUTCOME_TONE: Record<AuditEventView["outcome"], Tone> = { ok: "green", refused: "amber", failed: "red" };

export function AuditClient({ actions }: { actions: readonly string[] }) {
  const { filters, fields } = useAuditFilterState();
  const events = useAuditEvents(filters);
  return (
    <>
      <PageHeader
        title="Audit log"
        summary="Every sign-in, sign-out and change, by whom, from where and how it ended, newest first. Records cannot be changed or deleted."
      />
      <AuditFilterForm actions={actions} fields={fields} />
      {events.data ? (
        events.data.pages[0]!.length === 0 ? (
          <p className="rounded border border-dashed border-neutral-300 bg-white px-3 py-4 text-sm text-neutral-600">No records match.</p>
        ) : (
          <div className="space-y-3">
            <AuditTable events={events.data.pages.flat()} />
            <ErrorAlert title="Could not load older records." message={events.isFetchNextPageError ? errorMessage(events.error) : null} />
            {events.hasNextPage ? (
              <button
                type="button"
                className={buttonClass("secondary")}
                onClick={() => void events.fetchNextPage()}
                disabled={events.isFetchingNextPage}
              >
                {events.isFetchingNextPage ? "Loading…" : "Show older"}
              </button>
            ) : (
              <p className="text-sm text-neutral-500">That is the oldest matching record.</p>
            )}
          </div>
        )
      ) : events.isError ? (
        <ErrorAlert title="Could not load the audit log." message={errorMessage(events.error)} />
      ) : (
        <p className="text-sm text-neutral-500">Loading audit log…</p>
      )}
    </>
  );
}

function AuditTable({ events }: { events: AuditEventView[] }) {
  return (
    <DataTable
      caption="Audit log"
      columns={[
        { label: "When" },
        { label: "Who" },
        { label: "Action" },
        { label: "Target" },
        { label: "Details" },
        { label: "From" },
        { label: "Outcome" },
      ]}
    >
      {events.map((e) => (
        <tr key={e.id} className="align-top hover:bg-neutral-50">
          <td className="px-3 py-2 whitespace-nowrap">
            <Time iso={e.at} />
          </td>
          <td className="px-3 py-2">
            {e.actor.name ?? <span className="text-neutral-500">not signed in</span>}
            {e.actor.tokenId ? <span className="ml-1.5 rounded bg-neutral-100 px-1 py-0.5 text-xs text-neutral-600">API token</span> : null}
          </td>
          <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
          <td className="px-3 py-2 font-mono text-xs break-all text-neutral-600">{e.targetId ?? "—"}</td>
          <td className="px-3 py-2 text-xs text-neutral-700">
            {Object.entries(e.details).map(([k, v]) => (
              <span key={k} className="mr-2 inline-block">
                <span className="text-neutral-500">{k}</span> {String(v)}
              </span>
            ))}
          </td>
          <td className="px-3 py-2 font-mono text-xs">{e.ip ?? "—"}</td>
          <td className="px-3 py-2 whitespace-nowrap">
            <StatusBadge tone={OUTCOME_TONE[e.outcome]}>
              {e.outcome} {e.status}
            </StatusBadge>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
