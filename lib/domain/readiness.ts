/**
 * The readiness list on a cluster page: what a "check connection" found, judged item by item,
 * each failing item with the plain-language fix a DBA can apply.
 */

export type ReadinessStatus = "ok" | "warn" | "fail" | "unknown";

export interface ReadinessItem {
  key: ReadinessKey;
  label: string;
  status: ReadinessStatus;
  detail: string;
  fix: string | null;
}

export type ReadinessKey =
  | "connection"
  | "client_tools"
  | "wal_level"
  | "max_wal_senders"
  | "replication_role"
  | "replication_connection"
  | "archive_mode"
  | "data_checksums";

/** The facts a check records (a subset of the catalog's ClusterCheck row). */
export interface CheckFacts {
  reachable: boolean;
  error: string | null;
  serverVersion: string | null;
  serverMajor: number | null;
  walLevel: string | null;
  archiveMode: string | null;
  archiveCommand: string | null;
  maxWalSenders: number | null;
  isSuperuser: boolean | null;
  hasReplication: boolean | null;
  replicationError: string | null;
  dataChecksums: boolean | null;
  /** Major of the client tools the worker found for this server; null when none fits. */
  clientToolsMajor: number | null;
}

export interface ReadinessContext {
  username: string;
}

// One base backup and one WAL receiver stream at once, plus headroom for a standby.
export const MIN_WAL_SENDERS = 3;

export function assessReadiness(facts: CheckFacts, ctx: ReadinessContext): ReadinessItem[] {
  if (!facts.reachable) {
    return [
      {
        key: "connection",
        label: "Connection",
        status: "fail",
        detail: facts.error ?? "The server could not be reached.",
        fix: connectionFix(facts.error ?? ""),
      },
    ];
  }
  return [
    { key: "connection", label: "Connection", status: "ok", detail: `Connected to PostgreSQL ${facts.serverVersion ?? "?"}.`, fix: null },
    clientTools(facts.serverMajor, facts.clientToolsMajor),
    walLevel(facts.walLevel),
    walSenders(facts.maxWalSenders),
    replicationRole(facts, ctx.username),
    replicationConnection(facts, ctx.username),
    archiveMode(facts.archiveMode, facts.archiveCommand),
    dataChecksums(facts.dataChecksums),
  ];
}

/** A cluster is ready for physical backups when nothing on its list fails. */
export function isReady(items: readonly ReadinessItem[]): boolean {
  return items.every((i) => i.status !== "fail");
}

function connectionFix(error: string): string {
  const e = error.toLowerCase();
  if (e.includes("password authentication failed") || e.includes("no password supplied")) {
    return "Check the user name and password saved for this cluster.";
  }
  if (e.includes("no pg_hba.conf entry")) {
    return "Add a pg_hba.conf line that lets this user connect from the Wayback worker's address, then reload PostgreSQL.";
  }
  if (e.includes("does not exist")) {
    return "Check the database and user names, or create them on the server.";
  }
  if (e.includes("timeout") || e.includes("timed out")) {
    return "The server did not answer in time: check the host, the port, firewalls, and that PostgreSQL is running.";
  }
  if (e.includes("econnrefused") || e.includes("enotfound") || e.includes("eai_again") || e.includes("ehostunreach")) {
    return "Nothing accepted the connection: check the host and port, that PostgreSQL is running, and its listen_addresses.";
  }
  return "Check the host, port, user, password and sslmode saved for this cluster.";
}

function clientTools(serverMajor: number | null, toolsMajor: number | null): ReadinessItem {
  const label = "Client tools on the worker";
  if (serverMajor === null) {
    return { key: "client_tools", label, status: "unknown", detail: "The server's major version is unknown.", fix: null };
  }
  if (toolsMajor !== null) {
    return { key: "client_tools", label, status: "ok", detail: `PostgreSQL ${toolsMajor} tools serve this PostgreSQL ${serverMajor} server.`, fix: null };
  }
  return {
    key: "client_tools",
    label,
    status: "fail",
    detail: `The worker has no PostgreSQL client tools of major ${serverMajor} or newer (pg_basebackup and pg_dump refuse newer servers).`,
    fix: `Install them on the worker host: apt-get install postgresql-client-${serverMajor}`,
  };
}

function walLevel(value: string | null): ReadinessItem {
  const label = "wal_level";
  if (value === null) return { key: "wal_level", label, status: "unknown", detail: "Could not read wal_level.", fix: null };
  if (value === "replica" || value === "logical") {
    return { key: "wal_level", label, status: "ok", detail: `wal_level is ${value}.`, fix: null };
  }
  return {
    key: "wal_level",
    label,
    status: "fail",
    detail: `wal_level is ${value}: physical backups and WAL archiving are impossible.`,
    fix: "Set wal_level = replica in postgresql.conf (or ALTER SYSTEM SET wal_level = 'replica') and restart PostgreSQL.",
  };
}

function walSenders(value: number | null): ReadinessItem {
  const label = "max_wal_senders";
  if (value === null) return { key: "max_wal_senders", label, status: "unknown", detail: "Could not read max_wal_senders.", fix: null };
  if (value >= MIN_WAL_SENDERS) {
    return { key: "max_wal_senders", label, status: "ok", detail: `max_wal_senders is ${value}.`, fix: null };
  }
  return {
    key: "max_wal_senders",
    label,
    status: value === 0 ? "fail" : "warn",
    detail: `max_wal_senders is ${value}; a base backup and the WAL stream need ${MIN_WAL_SENDERS - 1} at once, plus room for a standby.`,
    fix: `Set max_wal_senders = ${Math.max(10, MIN_WAL_SENDERS)} in postgresql.conf and restart PostgreSQL.`,
  };
}

function replicationRole(facts: CheckFacts, username: string): ReadinessItem {
  const label = "REPLICATION privilege";
  if (facts.hasReplication === null) {
    return { key: "replication_role", label, status: "unknown", detail: "Could not read the role's attributes.", fix: null };
  }
  if (facts.hasReplication || facts.isSuperuser) {
    const how = facts.isSuperuser ? "is a superuser" : "has REPLICATION";
    return { key: "replication_role", label, status: "ok", detail: `Role ${username} ${how}.`, fix: null };
  }
  return {
    key: "replication_role",
    label,
    status: "fail",
    detail: `Role ${username} has neither REPLICATION nor SUPERUSER: pg_basebackup and pg_receivewal will be refused.`,
    fix: `Run as a superuser: ALTER ROLE ${quoteIdent(username)} REPLICATION;`,
  };
}

function replicationConnection(facts: CheckFacts, username: string): ReadinessItem {
  const label = "Replication connection";
  if (facts.replicationError === null) {
    return { key: "replication_connection", label, status: "ok", detail: "The server accepts replication connections from the worker.", fix: null };
  }
  const e = facts.replicationError.toLowerCase();
  const fix = e.includes("pg_hba.conf")
    ? `Add to pg_hba.conf: "host replication ${username} <worker address>/32 scram-sha-256", then reload PostgreSQL.`
    : e.includes("max_wal_senders") || e.includes("too many")
      ? "Raise max_wal_senders and restart PostgreSQL."
      : e.includes("must be superuser or replication") || e.includes("permission denied")
        ? `Run as a superuser: ALTER ROLE ${quoteIdent(username)} REPLICATION;`
        : "Allow replication connections for this user (pg_hba.conf and the REPLICATION attribute).";
  return { key: "replication_connection", label, status: "fail", detail: `The server refused a replication connection: ${facts.replicationError}`, fix };
}

function archiveMode(mode: string | null, command: string | null): ReadinessItem {
  const label = "archive_mode";
  if (mode === null) return { key: "archive_mode", label, status: "unknown", detail: "Could not read archive_mode.", fix: null };
  if (mode === "off") {
    return {
      key: "archive_mode",
      label,
      status: "ok",
      detail: "archive_mode is off: Wayback archives WAL by streaming (pg_receivewal), which needs no archive_command.",
      fix: null,
    };
  }
  const cmd = command && command.trim() !== "" ? command : "(empty)";
  return { key: "archive_mode", label, status: "ok", detail: `archive_mode is ${mode}; archive_command is ${cmd}.`, fix: null };
}

function dataChecksums(on: boolean | null): ReadinessItem {
  const label = "Data checksums";
  if (on === null) return { key: "data_checksums", label, status: "unknown", detail: "Could not read data_checksums.", fix: null };
  if (on) return { key: "data_checksums", label, status: "ok", detail: "Data checksums are on: page corruption is detected.", fix: null };
  return {
    key: "data_checksums",
    label,
    status: "warn",
    detail: "Data checksums are off: silent page corruption can be copied into backups unnoticed.",
    fix: "Enable them during a maintenance window: stop the server, run pg_checksums --enable -D <data directory>, start it.",
  };
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
