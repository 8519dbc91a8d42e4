"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ChannelCreateInput, ChannelUpdateInput } from "@/lib/domain/notification-input";
import type { ClusterView } from "@/lib/clusters/cluster-view";
import type { ChannelView } from "@/lib/notify/channel-view";
import { apiFetch, errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { ChannelEditForm } from "@/components/notifications/channel-edit-form";
import { ChannelForm } from "@/components/notifications/channel-form";
import { channelKeys, useChannelDeliveries, useChannels } from "@/components/notifications/channel-queries";
import { useClusters } from "@/components/clusters/cluster-queries";
import { PageHeader } from "@/components/ui/page-header";
import { QueryList } from "@/components/ui/query-list";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";

export function NotificationsClient({ canManage }: { canManage: boolean }) {
  const queryClient = useQueryClient();
  const channels = useChannels();
  const clusters = useClusters();
  const [adding, setAdding] = useState(false);
  const create = async (body: ChannelCreateInput) => {
    await apiFetch("/api/v1/notification-channels", { method: "POST", body });
    await queryClient.invalidateQueries({ queryKey: channelKeys.all });
    setAdding(false);
  };
  return (
    <>
      <PageHeader
        title="Notifications"
        summary="Where alerts are sent when they open and when they resolve. Failed sends are retried with backoff; every attempt is listed."
        actions={
          canManage && !adding ? (
            <button type="button" className={buttonClass("primary")} onClick={() => setAdding(true)}>
              Add channel
            </button>
          ) : null
        }
      />
      {adding ? (
        <div className="mb-4">
          <ChannelForm clusters={clusters.data ?? []} onSubmit={create} onCancel={() => setAdding(false)} />
        </div>
      ) : null}
      <QueryList
        query={channels}
        what="notification channels"
        empty={`No channels yet: alerts show in Wayback only.${canManage ? " Use “Add channel”." : ""}`}
      >
        {(rows) => (
          <div className="space-y-3">
            {rows.map((c) => (
              <ChannelCard key={c.id} channel={c} canManage={canManage} clusters={clusters.data ?? []} />
            ))}
          </div>
        )}
      </QueryList>
    </>
  );
}

const KIND_LABEL = { email: "email", pagerduty: "PagerDuty", opsgenie: "Opsgenie", teams: "Microsoft Teams", discord: "Discord" } as const;

function kindLabel(c: ChannelView): string {
  if (c.kind === "webhook") return `webhook, ${c.webhook?.format === "slack" ? "Slack-compatible" : "JSON"}`;
  return KIND_LABEL[c.kind];
}

function ChannelCard({ channel: c, canManage, clusters }: { channel: ChannelView; canManage: boolean; clusters: readonly ClusterView[] }) {
  const queryClient = useQueryClient();
  const [showDeliveries, setShowDeliveries] = useState(false);
  const [editing, setEditing] = useState(false);
  // A cluster removed since the channel was set up is shown by its id.
  const clusterName = (id: string) => clusters.find((x) => x.id === id)?.name ?? id;
  const save = async (body: ChannelUpdateInput) => {
    await apiFetch(`/api/v1/notification-channels/${encodeURIComponent(c.id)}`, { method: "PATCH", body });
    await refresh();
    setEditing(false);
  };
  const refresh = () => queryClient.invalidateQueries({ queryKey: channelKeys.all });
  const test = useMutation({
    mutationFn: () => apiFetch(`/api/v1/notification-channels/${encodeURIComponent(c.id)}/test`, { method: "POST" }),
    onSuccess: refresh,
  });
  const toggle = useMutation({
    mutationFn: () =>
      apiFetch(`/api/v1/notification-channels/${encodeURIComponent(c.id)}`, { method: "PATCH", body: { enabled: !c.enabled } }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => apiFetch(`/api/v1/notification-channels/${encodeURIComponent(c.id)}`, { method: "DELETE" }),
    onSuccess: refresh,
  });
  const failed = test.error ?? toggle.error ?? remove.error;
  return (
    <article aria-label={`Channel ${c.name}`} className="rounded border border-neutral-200 bg-white px-3 py-2 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{c.name}</span>
        <StatusBadge tone="grey">{kindLabel(c)}</StatusBadge>
        <StatusBadge tone={c.enabled ? "green" : "grey"}>{c.enabled ? "enabled" : "disabled"}</StatusBadge>
        {canManage ? (
          <span className="ml-auto flex gap-2">
            <button type="button" className={buttonClass("secondary")} onClick={() => test.mutate()} disabled={test.isPending}>
              Send test
            </button>
            <button type="button" className={buttonClass("secondary")} onClick={() => setEditing(true)} disabled={editing}>
              Edit
            </button>
            <button type="button" className={buttonClass("secondary")} onClick={() => toggle.mutate()} disabled={toggle.isPending}>
              {c.enabled ? "Disable" : "Enable"}
            </button>
            <button
              type="button"
              className={buttonClass("danger")}
              onClick={() => {
                if (window.confirm(`Remove the channel “${c.name}” and its delivery history?`)) remove.mutate();
              }}
              disabled={remove.isPending}
            >
              Remove
            </button>
          </span>
        ) : null}
      </div>
      <p className="mt-1 text-neutral-700">
        {c.webhook ? (
          <>
            POST to <span className="font-mono">{c.webhook.target}</span>
          </>
        ) : null}
        {c.paging ? (
          <>
            {c.kind === "pagerduty" ? "PagerDuty Events API v2" : "Opsgenie"}, {c.paging.region.toUpperCase()} service
          </>
        ) : null}
        {c.chat ? (
          <>
            POST to <span className="font-mono">{c.chat.target}</span>
          </>
        ) : null}
        {c.email ? (
          <>
            From {c.email.from} to {c.email.to.join(", ")} via{" "}
            <span className="font-mono">
              {c.email.host}:{c.email.port}
            </span>{" "}
            ({c.email.security})
          </>
        ) : null}
        {" · "}severities {c.severities.join(", ")} ·{" "}
        {c.clusterIds.length === 0 ? "every cluster" : c.clusterIds.map(clusterName).join(", ")}
      </p>
      <ErrorAlert message={failed ? errorMessage(failed) : null} />
      {editing ? <ChannelEditForm channel={c} clusters={clusters} onSubmit={save} onCancel={() => setEditing(false)} /> : null}
      <details className="mt-1" onToggle={(e) => setShowDeliveries(e.currentTarget.open)}>
        <summary className="cursor-pointer text-xs text-neutral-600">Recent deliveries</summary>
        {showDeliveries ? <Deliveries channelId={c.id} /> : null}
      </details>
    </article>
  );
}

function Deliveries({ channelId }: { channelId: string }) {
  const q = useChannelDeliveries(channelId);
  if (!q.data) return <p className="text-xs text-neutral-500">{q.isError ? "Could not load the deliveries." : "Loading…"}</p>;
  if (q.data.length === 0) return <p className="text-xs text-neutral-500">Nothing sent yet.</p>;
  return (
    <ul aria-label="Deliveries" className="mt-1 space-y-1 text-xs">
      {q.data.map((d) => (
        <li key={d.id}>
          <Time iso={d.createdAt} /> {d.event}: <span className="font-medium">{d.status}</span>
          <ol className="ml-4 list-decimal">
            {d.attempts.map((t) => (
              <li key={t.attempt}>
                <Time iso={t.startedAt} /> {t.ok ? "delivered" : "failed"}
                {t.response ? ` (${t.response})` : ""}
                {t.error && !t.ok ? `: ${t.error}` : ""}
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ul>
  );
}
