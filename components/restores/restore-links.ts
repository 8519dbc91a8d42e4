/** What a click on the timeline picks: a moment inside a recoverable window, or a restore point. */
export type TimelinePick = { kind: "time"; time: string } | { kind: "name"; name: string };

/** /clusters/:id/restore, prefilled with a picked moment (?time=ISO) or restore point (?name=). */
export function restoreFormHref(clusterId: string, pick?: TimelinePick): string {
  const base = `/clusters/${encodeURIComponent(clusterId)}/restore`;
  if (!pick) return base;
  const q = new URLSearchParams(pick.kind === "time" ? { time: pick.time } : { name: pick.name });
  return `${base}?${q}`;
}

export const restoreHref = (id: string) => `/restores/${encodeURIComponent(id)}`;
