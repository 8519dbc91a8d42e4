"use client";

import Link from "next/link";
import { useState } from "react";
import type { AlertView } from "@/lib/alerts/alert-view";
import { AcknowledgeButton } from "@/components/alerts/acknowledge-dialog";
import { useAlert } from "@/components/alerts/alert-queries";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";

export const SEVERITY_TONE: Record<AlertView["severity"], Tone> = { critical: "red", warning: "amber", info: "blue" };
const STATE_TONE: Record<AlertView["state"], Tone> = { open: "red", acknowledged: "amber", resolved: "green" };

/** One alert: what, where, since when, how often, its state, and (for operators) Acknowledge. */
export function AlertCard({
  alert,
  canAcknowledge,
  showCluster = true,
}: {
  alert: AlertView;
  canAcknowledge: boolean;
  showCluster?: boolean;
}) {
  const a = alert;
  return (
    <article aria-label={`${a.ruleLabel} on ${a.clusterName}`} className="rounded border border-neutral-200 bg-white px-3 py-2 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <StatusBadge tone={SEVERITY_TONE[a.severity]}>{a.severity}</StatusBadge>
        <span className="font-medium">{a.ruleLabel}</span>
        {showCluster ? (
          <>
            <span className="text-neutral-400">on</span>
            <Link href={`/clusters/${encodeURIComponent(a.clusterId)}`} className="text-sky-800 hover:underline">
              {a.clusterName}
            </Link>
          </>
        ) : null}
        <StatusBadge tone={STATE_TONE[a.state]}>{a.state}</StatusBadge>
        <span className="ml-auto">{canAcknowledge && a.state === "open" ? <AcknowledgeButton alert={a} /> : null}</span>
      </div>
      <p className="mt-1 text-neutral-800">{a.message}</p>
      <p className="mt-1 text-xs text-neutral-500">
        First seen <Time iso={a.firstSeenAt} />, last seen <Time iso={a.lastSeenAt} />, {a.occurrences}{" "}
        {a.occurrences === 1 ? "time" : "times"}
        {a.resolvedAt ? (
          <>
            ; resolved <Time iso={a.resolvedAt} />
          </>
        ) : null}
        .
      </p>
      {a.acknowledgedAt ? (
        <p className="mt-1 text-xs text-neutral-700">
          Acknowledged by <span className="font-medium">{a.acknowledgedBy ?? "a removed user"}</span> <Time iso={a.acknowledgedAt} />
          {a.ackComment ? <>: “{a.ackComment}”</> : null}
        </p>
      ) : null}
      <Notifications id={a.id} />
    </article>
  );
}

// Loaded only while open: a page of alerts must not poll every alert's deliveries.
function Notifications({ id }: { id: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="mt-1 text-xs" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer text-neutral-600">Notifications</summary>
      {open ? <AlertDeliveries id={id} /> : null}
    </details>
  );
}

function AlertDeliveries({ id }: { id: string }) {
  const q = useAlert(id);
  if (!q.data) return <p className="text-neutral-500">{q.isError ? "Could not load the notifications." : "Loading…"}</p>;
  if (q.data.deliveries.length === 0) return <p className="text-neutral-500">None sent: no enabled channel covers this alert.</p>;
  return (
    <ul className="mt-1 space-y-1">
      {q.data.deliveries.map((d) => (
        <li key={d.id}>
          <span className="font-medium">{d.channelName}</span>, {d.event}: {d.status}
          {d.attempts.length > 0 ? ` after ${d.attempts.length} attempt${d.attempts.length === 1 ? "" : "s"}` : ""}
          {d.error && d.status !== "sent" ? ` (${d.error})` : ""}
        </li>
      ))}
    </ul>
  );
}
