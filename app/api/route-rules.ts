import { activityQuery } from "@/lib/domain/activity-input";
import { acknowledgeAlertInput, listAlertsQuery } from "@/lib/domain/alert-input";
import { listAuditQuery } from "@/lib/domain/audit-input";
import {
  logInInput,
  passwordChangeInput,
  passwordResetInput,
  tokenCreateInput,
  userCreateInput,
  userUpdateInput,
} from "@/lib/domain/auth-input";
import { listBackupsQuery, requestBackupQuery } from "@/lib/domain/backup-input";
import { clusterCreateInput, clusterUpdateInput } from "@/lib/domain/cluster-input";
import { confirmQuery } from "@/lib/domain/confirm-name";
import { configApplyInput } from "@/lib/domain/config-document";
import { copyRepositoryInput, copyRetentionInput } from "@/lib/domain/copy-input";
import { channelCreateInput, channelUpdateInput, listDeliveriesQuery } from "@/lib/domain/notification-input";
import { clusterPolicyInput, policyInput, retentionPreviewInput } from "@/lib/domain/policy-input";
import { passphraseChangeInput, repositoryInput, repositoryUpdateInput } from "@/lib/domain/repository-input";
import { restorePointInput } from "@/lib/domain/restore-point-input";
import { drillRequestInput, drillsFromInput, listDrillsQuery } from "@/lib/domain/drill-input";
import { listTableRestoresQuery, liveTablesQuery, tableDiffQuery, tableRestoreRequestInput } from "@/lib/domain/table-restore-input";
import { listDumpsQuery, requestDumpBody, requestDumpRestoreBody } from "@/lib/domain/dump-input";
import { listJobsQuery } from "@/lib/domain/job-input";
import { listRestoresQuery, restoreRequestInput } from "@/lib/domain/restore-input";
import { fleetQuery } from "@/lib/domain/fleet-input";
import { listVerificationsQuery, verificationRequestQuery } from "@/lib/domain/verification-input";
import { stanzaImportInput } from "@/lib/domain/stanza-import-input";
import type { RouteRule } from "@/lib/http/route-rule";

const POLICY_FIELDS = [
  "name",
  "timeZone",
  "backupCron",
  "backupDiffCron",
  "backupIncrCron",
  "verifyCron",
  "drillCron",
  "retentionCron",
  "dumpCron",
  "keepDaily",
  "keepWeekly",
  "keepMonthly",
  "keepYearly",
  "minComplete",
  "dumpKeepDaily",
  "dumpKeepWeekly",
  "dumpKeepMonthly",
  "dumpKeepYearly",
  "dumpMinComplete",
] as const;

/**
 * Every /api/v1 route: "METHOD path" exactly as its file lies under app/ → who may call it, what it
 * accepts, and how it is audited. route() (app/api/api-route.ts) reads its rule from here, the
 * OpenAPI document is built from here, and test/security/access-rules.test.ts fails for a route
 * file without a rule.
 */
export const ROUTE_RULES = {
  "POST /api/v1/session": {
    role: "public",
    summary: "Sign in (sets the session cookie)",
    body: logInInput,
    audit: { action: "session.login", fields: ["username"] },
  },
  "GET /api/v1/session": { role: "viewer", summary: "The signed-in user" },
  "DELETE /api/v1/session": { role: "viewer", summary: "Sign out", audit: { action: "session.logout" } },
  "GET /api/v1/session/oidc/start": { role: "public", summary: "Single sign-on: go to the OpenID provider" },
  "GET /api/v1/session/oidc/callback": {
    role: "public",
    summary: "Single sign-on: the provider's redirect back (sets the session cookie)",
    audit: { action: "session.oidc_login" },
  },
  "POST /api/v1/session/password": {
    role: "viewer",
    summary: "Change your own password (ends your other sessions)",
    body: passwordChangeInput,
    audit: { action: "session.password_change" },
  },

  "GET /api/v1/clusters": { role: "viewer", summary: "List clusters" },
  "POST /api/v1/clusters": {
    role: "admin",
    summary: "Register a cluster (and check it)",
    body: clusterCreateInput,
    audit: { action: "cluster.create", fields: ["name", "host", "port", "database", "username", "walMode"] },
  },
  "GET /api/v1/clusters/[id]": { role: "viewer", summary: "One cluster" },
  "PATCH /api/v1/clusters/[id]": {
    role: "admin",
    summary: "Edit a cluster",
    body: clusterUpdateInput,
    audit: { action: "cluster.update", fields: ["name", "host", "port", "database", "username", "walMode", "repositoryId"] },
  },
  "DELETE /api/v1/clusters/[id]": {
    role: "admin",
    summary: "Remove a cluster (?confirm=<its name>)",
    query: confirmQuery,
    audit: { action: "cluster.delete" },
  },
  "POST /api/v1/clusters/[id]/checks": {
    role: "operator",
    summary: "Check a cluster's connection and readiness",
    audit: { action: "cluster.check" },
  },
  "GET /api/v1/clusters/[id]/backups": {
    role: "viewer",
    summary: "A cluster's backups",
    query: listBackupsQuery.omit({ clusterId: true }),
  },
  "POST /api/v1/clusters/[id]/backups": {
    role: "operator",
    summary: "Back up now (?kind=full|diff|incr)",
    query: requestBackupQuery,
    audit: { action: "backup.start" },
  },
  "GET /api/v1/clusters/[id]/pgbackrest": { role: "viewer", summary: "A pgBackRest cluster's stanza and its archive_command" },
  "POST /api/v1/clusters/[id]/pgbackrest": {
    role: "admin",
    summary: "Import an existing pgBackRest stanza into a cluster (read only until scheduled)",
    body: stanzaImportInput,
    audit: { action: "cluster.stanza_import", fields: ["configPath", "stanzaName"] },
  },
  "GET /api/v1/clusters/[id]/timeline": { role: "viewer", summary: "A cluster's recovery timeline" },
  "GET /api/v1/clusters/[id]/activity": {
    role: "viewer",
    summary: "What happened: destructive activity per minute and the largest destructive transactions, from the WAL index",
    query: activityQuery,
  },
  "GET /api/v1/clusters/[id]/monitor": { role: "viewer", summary: "A cluster's monitoring samples and production checklist" },
  "GET /api/v1/clusters/[id]/copies": { role: "viewer", summary: "A cluster's copy repositories, their lag and each backup's copies" },
  "POST /api/v1/clusters/[id]/copies": {
    role: "admin",
    summary: "Add a copy repository to a cluster",
    body: copyRepositoryInput,
    audit: { action: "cluster.copy_add", fields: ["repositoryId"] },
  },
  "PATCH /api/v1/clusters/[id]/copies/[repositoryId]": {
    role: "admin",
    summary: "Choose the retention of a copy repository",
    body: copyRetentionInput,
    audit: { action: "cluster.copy_retention", fields: ["policyId"] },
  },
  "DELETE /api/v1/clusters/[id]/copies/[repositoryId]": {
    role: "admin",
    summary: "Stop copying a cluster to a copy repository",
    audit: { action: "cluster.copy_remove" },
  },
  "GET /api/v1/clusters/[id]/restore-points": { role: "viewer", summary: "A cluster's restore points" },
  "POST /api/v1/clusters/[id]/restore-points": {
    role: "operator",
    summary: "Create a restore point",
    body: restorePointInput,
    audit: { action: "restore_point.create", fields: ["name"] },
  },
  "GET /api/v1/clusters/[id]/restores": {
    role: "viewer",
    summary: "A cluster's restores",
    query: listRestoresQuery.omit({ clusterId: true }),
  },
  "POST /api/v1/clusters/[id]/restores": {
    role: "operator",
    summary: "Plan (dryRun) or start a point-in-time restore",
    body: restoreRequestInput,
    audit: { action: "restore.start", fields: ["dryRun", "target.kind", "backupId", "destination.kind", "pauseAtTarget"] },
  },
  "GET /api/v1/clusters/[id]/table-restores": { role: "viewer", summary: "A cluster's table restores", query: listTableRestoresQuery },
  "POST /api/v1/clusters/[id]/table-restores": {
    role: "operator",
    summary: "Plan (dryRun) or start bringing tables back as they were at a target, under a new schema or database",
    body: tableRestoreRequestInput,
    audit: { action: "table_restore.start", fields: ["dryRun", "target.kind", "backupId", "database", "destination.kind", "diff"] },
  },
  "GET /api/v1/clusters/[id]/table-restores/[tableRestoreId]": { role: "viewer", summary: "One table restore" },
  // Rows of production data: read as the restore was requested, by operators.
  "GET /api/v1/clusters/[id]/table-restores/[tableRestoreId]/diff.csv": {
    role: "operator",
    summary: "The rows a live table lacks, by primary key, as CSV",
    query: tableDiffQuery,
  },
  "GET /api/v1/clusters/[id]/tables": { role: "operator", summary: "A database's tables, read live", query: liveTablesQuery },
  "GET /api/v1/clusters/[id]/verifications": { role: "viewer", summary: "A cluster's verifications", query: listVerificationsQuery },
  "POST /api/v1/clusters/[id]/verifications": {
    role: "operator",
    summary: "Verify a cluster's backups and WAL archive (in its primary repository, or ?repositoryId= a copy repository)",
    query: verificationRequestQuery,
    audit: { action: "verification.start" },
  },
  "GET /api/v1/clusters/[id]/drills": { role: "viewer", summary: "A cluster's restore drills", query: listDrillsQuery },
  "POST /api/v1/clusters/[id]/drills": {
    role: "operator",
    summary: "Start a restore drill",
    body: drillRequestInput,
    audit: { action: "drill.start", fields: ["target", "repositoryId"] },
  },
  "GET /api/v1/clusters/[id]/drills/repository": {
    role: "viewer",
    summary: "The repositories a drill can read, and the one drills read when none is asked for",
  },
  "PUT /api/v1/clusters/[id]/drills/repository": {
    role: "operator",
    summary: "Set the copy repository drills read when none is asked for (scheduled drills); null: the primary",
    body: drillsFromInput,
    audit: { action: "drill.repository", fields: ["repositoryId"] },
  },

  "PUT /api/v1/clusters/[id]/policy": {
    role: "admin",
    summary: "Give a cluster a policy (or none); reschedules at once",
    body: clusterPolicyInput,
    audit: { action: "cluster.policy", fields: ["policyId"] },
  },
  "GET /api/v1/clusters/[id]/retention": {
    role: "viewer",
    summary: "A cluster's policy: next runs, last scheduled runs, last enforcement",
  },
  "POST /api/v1/clusters/[id]/retention": {
    role: "admin",
    summary: "Enforce the cluster's retention policy now",
    audit: { action: "retention.start" },
  },
  "GET /api/v1/clusters/[id]/retention/preview": {
    role: "viewer",
    summary:
      "Dry run of retention rules (query: timeZone, keepDaily, keepWeekly, keepMonthly, keepYearly, minComplete) against the cluster's backups",
    query: retentionPreviewInput,
  },

  "GET /api/v1/policies": { role: "viewer", summary: "List policies (schedules and retention)" },
  "POST /api/v1/policies": {
    role: "admin",
    summary: "Add a policy",
    body: policyInput,
    audit: { action: "policy.create", fields: POLICY_FIELDS },
  },
  "GET /api/v1/policies/[id]": { role: "viewer", summary: "One policy with its next runs" },
  "PUT /api/v1/policies/[id]": {
    role: "admin",
    summary: "Change a policy; its clusters are rescheduled at once",
    body: policyInput,
    audit: { action: "policy.update", fields: POLICY_FIELDS },
  },
  "DELETE /api/v1/policies/[id]": { role: "admin", summary: "Remove a policy no cluster uses", audit: { action: "policy.delete" } },

  "GET /api/v1/jobs": { role: "viewer", summary: "List jobs", query: listJobsQuery },
  "GET /api/v1/jobs/[id]": { role: "viewer", summary: "One job" },
  "GET /api/v1/workers": { role: "viewer", summary: "Worker processes: host, version, queues, running jobs, heartbeat" },
  "GET /api/v1/backups": { role: "viewer", summary: "List backups", query: listBackupsQuery },
  "GET /api/v1/backups/[id]": { role: "viewer", summary: "One backup" },
  "DELETE /api/v1/backups/[id]": {
    role: "admin",
    summary: "Delete a backup (?confirm=<its label>); not the only complete one, nor one in use",
    query: confirmQuery,
    audit: { action: "backup.delete" },
  },
  "GET /api/v1/restores": { role: "viewer", summary: "List restores", query: listRestoresQuery },
  "GET /api/v1/restores/[id]": { role: "viewer", summary: "One restore" },
  "POST /api/v1/restores/[id]/promote": {
    role: "operator",
    summary: "Promote a restore paused at its target",
    audit: { action: "restore.promote" },
  },
  "POST /api/v1/restores/[id]/discard": {
    role: "operator",
    summary: "Stop and remove a restored instance",
    audit: { action: "restore.discard" },
  },
  "GET /api/v1/drills/[id]": { role: "viewer", summary: "One restore drill" },
  "GET /api/v1/clusters/[id]/dumps": { role: "viewer", summary: "A cluster's logical dumps", query: listDumpsQuery },
  "POST /api/v1/clusters/[id]/dumps": {
    role: "operator",
    summary: "Dump a database now (pg_dump)",
    body: requestDumpBody,
    audit: { action: "dump.start", fields: ["database", "format", "jobs", "compressLevel", "globals"] },
  },
  "GET /api/v1/dumps": { role: "viewer", summary: "List logical dumps", query: listDumpsQuery },
  "GET /api/v1/dumps/[id]": { role: "viewer", summary: "One dump, with its table of contents and restores" },
  "POST /api/v1/dumps/[id]/verifications": {
    role: "operator",
    summary: "Re-read a dump (checksums, the archive whole)",
    audit: { action: "dump.verify" },
  },
  "POST /api/v1/dumps/[id]/restores": {
    role: "operator",
    summary: "Restore a dump into a new database of a cluster or a new local instance (admins: over an existing one, with clean)",
    body: requestDumpRestoreBody,
    audit: { action: "dump.restore", fields: ["target.kind", "targetClusterId", "targetDatabase", "jobs", "noOwner", "clean", "ifExists"] },
  },
  "POST /api/v1/dump-restores/[id]/discard": {
    role: "operator",
    summary: "Stop and remove a dump restore's new instance",
    audit: { action: "dump_restore.discard" },
  },

  "GET /api/v1/repositories": { role: "viewer", summary: "List repositories" },
  "POST /api/v1/repositories": {
    role: "admin",
    summary: "Add a repository",
    body: repositoryInput,
    audit: { action: "repository.create", fields: ["name", "kind", "path", "endpoint", "region", "bucket", "prefix"] },
  },
  "GET /api/v1/repositories/[id]": { role: "viewer", summary: "One repository" },
  "PATCH /api/v1/repositories/[id]": {
    role: "admin",
    summary: "Rename a repository, or change how an S3 repository is reached (a blank secret keeps the stored one)",
    body: repositoryUpdateInput,
    audit: { action: "repository.update", fields: ["name", "region", "endpoint", "forcePathStyle", "storageClass", "defaultCredentials"] },
  },
  "DELETE /api/v1/repositories/[id]": { role: "admin", summary: "Remove a repository", audit: { action: "repository.delete" } },
  "POST /api/v1/repositories/[id]/passphrase": {
    role: "admin",
    summary: "Change an encrypted repository's passphrase (its data key is wrapped again; no data is rewritten)",
    body: passphraseChangeInput,
    audit: { action: "repository.passphrase_change" },
  },
  "POST /api/v1/repositories/[id]/test": {
    role: "operator",
    summary: "Test a repository from a worker: write, list, read and delete an object in a scratch prefix",
    audit: { action: "repository.test" },
  },

  "GET /api/v1/alerts": { role: "viewer", summary: "List alerts", query: listAlertsQuery },
  "GET /api/v1/alerts/counts": { role: "viewer", summary: "Open alerts by severity" },
  "GET /api/v1/alerts/[id]": { role: "viewer", summary: "One alert with its notifications" },
  "POST /api/v1/alerts/[id]/acknowledge": {
    role: "operator",
    summary: "Acknowledge an alert",
    body: acknowledgeAlertInput,
    audit: { action: "alert.acknowledge" },
  },
  "GET /api/v1/fleet": { role: "viewer", summary: "Every cluster's recoverability at a glance, a page at a time", query: fleetQuery },

  "GET /api/v1/notification-channels": { role: "viewer", summary: "List notification channels" },
  "POST /api/v1/notification-channels": {
    role: "admin",
    summary: "Add a notification channel",
    body: channelCreateInput,
    audit: { action: "channel.create", fields: ["kind", "name", "enabled"] },
  },
  "GET /api/v1/notification-channels/[id]": { role: "viewer", summary: "One notification channel" },
  "PATCH /api/v1/notification-channels/[id]": {
    role: "admin",
    summary: "Edit a notification channel",
    body: channelUpdateInput,
    audit: { action: "channel.update", fields: ["name", "enabled"] },
  },
  "DELETE /api/v1/notification-channels/[id]": {
    role: "admin",
    summary: "Remove a notification channel",
    audit: { action: "channel.delete" },
  },
  "POST /api/v1/notification-channels/[id]/test": { role: "admin", summary: "Send a test notification", audit: { action: "channel.test" } },
  "GET /api/v1/notification-channels/[id]/deliveries": {
    role: "viewer",
    summary: "What a channel sent, with every attempt",
    query: listDeliveriesQuery,
  },

  "GET /api/v1/users": { role: "admin", summary: "List users" },
  "POST /api/v1/users": {
    role: "admin",
    summary: "Add a user",
    body: userCreateInput,
    audit: { action: "user.create", fields: ["username", "role"] },
  },
  "PATCH /api/v1/users/[id]": {
    role: "admin",
    summary: "Change a user's role",
    body: userUpdateInput,
    audit: { action: "user.update", fields: ["role"] },
  },
  "DELETE /api/v1/users/[id]": {
    role: "admin",
    summary: "Remove a user (and their sessions and tokens)",
    audit: { action: "user.delete" },
  },
  "POST /api/v1/users/[id]/password": {
    role: "admin",
    summary: "Set a user's password (ends their sessions)",
    body: passwordResetInput,
    audit: { action: "user.password_reset" },
  },
  "GET /api/v1/tokens": { role: "admin", summary: "List API tokens" },
  "POST /api/v1/tokens": {
    role: "admin",
    summary: "Create an API token (the answer is the only time it is shown)",
    body: tokenCreateInput,
    audit: { action: "token.create", fields: ["name", "userId", "role", "expiresInDays"] },
  },
  "DELETE /api/v1/tokens/[id]": { role: "admin", summary: "Revoke an API token", audit: { action: "token.revoke" } },
  // Configuration as code (docs/decisions/0021): the secrets sent with a document are never recorded.
  "GET /api/v1/configuration": { role: "admin", summary: "The configuration as one document (JSON, or YAML for Accept: application/yaml)" },
  "POST /api/v1/configuration/plan": {
    role: "admin",
    summary: "What applying a configuration document would change (a dry run)",
    body: configApplyInput,
    audit: { action: "configuration.plan", fields: ["prune"] },
  },
  "POST /api/v1/configuration/apply": {
    role: "admin",
    summary: "Apply a configuration document",
    body: configApplyInput,
    audit: { action: "configuration.apply", fields: ["prune"] },
  },
  "GET /api/v1/audit": { role: "admin", summary: "The audit log, newest first", query: listAuditQuery },
  "GET /api/v1/openapi.json": { role: "viewer", summary: "This document" },
  // Outside /api/v1, for load balancers and Prometheus (docs/decisions/0018). Public to route(): the
  // probes need no identity, and /metrics checks its own token (lib/metrics/check-scrape-access.ts).
  "GET /healthz": { role: "public", summary: "Liveness: the web process answers (nothing else is checked)" },
  "GET /readyz": { role: "public", summary: "Readiness: catalog, migrations, Redis and a live worker (200 or 503)" },
  "GET /metrics": { role: "public", summary: "Prometheus metrics; needs the metrics token (or a loopback client where allowed)" },
} as const satisfies Record<string, RouteRule>;

export type RouteKey = keyof typeof ROUTE_RULES;
export type RuleOf<K extends RouteKey> = (typeof ROUTE_RULES)[K];

export const ROUTE_KEYS = Object.keys(ROUTE_RULES) as RouteKey[];

/** Every audit action a route can record, for the audit page's filter. */
export const AUDIT_ACTIONS: string[] = [
  ...new Set(Object.values(ROUTE_RULES as Record<string, RouteRule>).flatMap((r) => (r.audit ? [r.audit.action] : []))),
].sort();
