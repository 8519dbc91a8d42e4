/** The restore form filled for "just before this transaction": recovery_target_xid, inclusive off (decision 0022). */
export function restoreBeforeHref(clusterId: string, xid: string): string {
  return `/clusters/${encodeURIComponent(clusterId)}/restore?${new URLSearchParams({ xid, inclusive: "false" })}`;
}
