/**
 * The two statements that open (or count again) and resolve an alert, each with its AlertEvent
 * for the notifier, as plain SQL that Prisma runs for the web and the worker (alert-record.ts);
 * the `wayback` CLI's role may only run the copies for its one rule in the `wayback_cli` functions
 * (prisma/migrations/20261202041100_archive_cli_role). One statement each, so each is atomic without a transaction. Table and column names are those
 * of prisma/schema.prisma's @@map/@map.
 */

/** $1 cluster id, $2 rule, $3 severity, $4 message, $5 details (JSON text or null), $6 open key, $7 now. */
export const RAISE_ALERT_SQL = `
  WITH up AS (
    INSERT INTO alerts (id, cluster_id, rule, severity, message, details, state, open_key, first_seen_at, last_seen_at, occurrences)
    VALUES (gen_random_uuid(), $1::uuid, $2, $3::"AlertSeverity", $4, $5::jsonb, 'open', $6, $7, $7, 1)
    ON CONFLICT (open_key) DO UPDATE
      SET severity = EXCLUDED.severity, message = EXCLUDED.message, details = EXCLUDED.details,
          last_seen_at = EXCLUDED.last_seen_at, occurrences = alerts.occurrences + 1
    -- xmax = 0 only on the row version an INSERT created: this call opened the alert.
    RETURNING id, (xmax = 0) AS opened),
  ev AS (
    INSERT INTO alert_events (id, alert_id, kind, created_at)
    SELECT gen_random_uuid(), id, 'opened', $7 FROM up WHERE opened)
  SELECT id::text AS id, opened FROM up`;

/** $1 open key, $2 now. */
export const RESOLVE_ALERT_SQL = `
  WITH r AS (
    UPDATE alerts SET state = 'resolved', resolved_at = $2, open_key = NULL WHERE open_key = $1 RETURNING id),
  ev AS (
    INSERT INTO alert_events (id, alert_id, kind, created_at)
    SELECT gen_random_uuid(), id, 'resolved', $2 FROM r)
  SELECT id::text AS id FROM r`;

export const alertOpenKey = (clusterId: string, rule: string) => `${clusterId}:${rule}`;

export interface AlertToRaise {
  clusterId: string;
  rule: string;
  severity: "info" | "warning" | "critical";
  /** Says what is wrong and what to do about it. */
  message: string;
  details?: unknown;
  now?: Date;
}

export function raiseAlertParams(a: AlertToRaise): unknown[] {
  return [
    a.clusterId,
    a.rule,
    a.severity,
    a.message,
    a.details === undefined ? null : JSON.stringify(a.details),
    alertOpenKey(a.clusterId, a.rule),
    a.now ?? new Date(),
  ];
}
