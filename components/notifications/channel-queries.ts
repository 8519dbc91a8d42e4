"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/ui/api";
import type { DeliveryView } from "@/lib/alerts/alert-view";
import type { ChannelView } from "@/lib/notify/channel-view";

export const channelKeys = {
  all: ["channels"] as const,
  list: () => [...channelKeys.all, "list"] as const,
  deliveries: (id: string) => [...channelKeys.all, "deliveries", id] as const,
};

export function useChannels() {
  return useQuery({
    queryKey: channelKeys.list(),
    queryFn: ({ signal }) => apiFetch<{ channels: ChannelView[] }>("/api/v1/notification-channels", { signal }).then((r) => r.channels),
    refetchInterval: 5_000,
  });
}

export function useChannelDeliveries(id: string) {
  return useQuery({
    queryKey: channelKeys.deliveries(id),
    queryFn: ({ signal }) =>
      apiFetch<{ deliveries: DeliveryView[] }>(`/api/v1/notification-channels/${encodeURIComponent(id)}/deliveries?limit=20`, {
        signal,
      }).then((r) => r.deliveries),
    refetchInterval: 3_000,
  });
}
