/**
 * Synchronous receive (issue 19, decision 0024): the receiver runs pg_receivewal --synchronous,
 * which flushes WAL as it arrives and reports it flushed at once, so a primary whose
 * synchronous_standby_names names the receiver confirms a commit only once the worker holds it.
 * The names the cluster page, the readiness list (readiness.ts) and the alert rules use. Pure.
 */

/** application_name of Wayback's pg_receivewal: the name synchronous_standby_names must list. */
export const RECEIVER_APPLICATION_NAME = "wayback-receiver";

/** The postgresql.conf line that makes commits wait for the receiver. */
export const SYNCHRONOUS_STANDBY_ENTRY = `synchronous_standby_names = '"${RECEIVER_APPLICATION_NAME}"'`;
