/**
 * Synchronous receive (issue 19, decision 0024): the receiver runs pg_receivewal --synchronous,
 * which flushes WAL as it arrives and reports it flushed at once, so a primary whose
 * synchronous_standby_names names the receiver confirms a commit only once the worker holds it.
 * What the cluster page and the readiness list say about it. Pure.
 */
import type { ReadinessItem } from "./readiness";

/** application_name of Wayback's pg_receivewal: the name synchronous_standby_names must list. */
export const RECEIVER_APPLICATION_NAME = "wayback-receiver";

/** The postgresql.conf line that makes commits wait for the receiver. */
export const SYNCHRONOUS_STANDBY_ENTRY = `synchronous_standby_names = '"${RECEIVER_APPLICATION_NAME}"'`;

const RECEIVER_DOWN = new Set(["retrying", "failed", "stopped"]);

/** The readiness item of a cluster that asks for synchronous receive; null when it does not. */
export function synchronousReceiveItem(ctx: { synchronousReceive: boolean; receiverState: string | null }): ReadinessItem | null {
  if (!ctx.synchronousReceive) return null;
  const label = "Synchronous receive";
  const fix = {
    advice: `For commits to wait until the WAL receiver holds them (no committed transaction lost), set in postgresql.conf (with standbys of your own, add "${RECEIVER_APPLICATION_NAME}" to the list you have):`,
    command: SYNCHRONOUS_STANDBY_ENTRY,
    after: "Then reload PostgreSQL (SELECT pg_reload_conf()).",
  };
  if (ctx.receiverState !== null && RECEIVER_DOWN.has(ctx.receiverState)) {
    return {
      key: "synchronous_receive",
      label,
      status: "warn",
      detail: `The WAL receiver is ${ctx.receiverState}: while synchronous_standby_names names it, every commit on the server waits until it is back. Start a Wayback worker, or take "${RECEIVER_APPLICATION_NAME}" out of synchronous_standby_names to let commits through.`,
      fix,
    };
  }
  return {
    key: "synchronous_receive",
    label,
    status: "ok",
    detail:
      "The receiver confirms WAL as soon as it has flushed it. Latency cost: with the entry below, each commit waits one network round trip to the worker plus its disk flush (about a millisecond on a LAN with a fast disk, more across sites); and if the receiver stops, commits wait until it is back.",
    fix,
  };
}
