/**
 * The readiness list on a cluster page: what a "check connection" found, judged item by item,
 * each failing item with the plain-language fix a DBA can apply.
 */
import { RECEIVER_APPLICATION_NAME, SYNCHRONOUS_STANDBY_ENTRY } from "./synchronous-receive";

export type ReadinessStatus = "ok" | "warn" | "fail" | "unknown";

export interface ReadinessItem {
  key: ReadinessKey;
  label: string;
  status: ReadinessStatus;
  detail: string;
  fix: ReadinessFix | null;
}

/**
 * How to fix an item, split so the UI can show the part to copy in a monospace block:
 * `advice` introduces it ("Run as a superuser:"), `command` is the SQL, shell command or
 * configuration line, verbatim; `after` is what to do next ("Then reload PostgreSQL.").
 * Prose-only fixes have just `advice`.
 */
export interface ReadinessFix {
  advice: string;
  command?: string;
  after?: string;
}

export type ReadinessKey =
  | "connection"
  | "client_tools"
  | "wal_level"
  | "max_wal_senders"
  | "replication_role"
  | "replication_connection"
  | "archive_mode"
  | "archive_command"
  | "archive_repository"
  | "data_checksums"
  | "synchronous_receive";

/** What a check found of an archive_command cluster's WAL area (lib/wal/archive-area.ts); all null for a streaming one. */
export interface ArchiveFacts {
  expectedArchiveCommand: string | null;
  archiveAreaAccess: "ok" | "fail" | "unknown" | null;
  archiveAreaDetail: string | null;
}

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
  /** The archive_command line this cluster needs; null when it streamed WAL at check time. */
  expectedArchiveCommand: string | null;
  /** Whether the server's OS user can write the cluster's WAL area: "ok", "fail", "unknown"; null when not looked at. */
  archiveAreaAccess: string | null;
  archiveAreaDetail: string | null;
}

export type WalMode = "streaming" | "archive_command";

export interface ReadinessContext {
  username: string;
  /** How the cluster is set to archive WAL now (the check may predate a change). */
  walMode: WalMode;
  /** Synchronous receive asked for, and the receiver's state now (lib/domain/synchronous-receive.ts). */
  synchronousReceive?: boolean;
  receiverState?: string | null;
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
        fix: connectionFix(facts.error ?? "", ctx.username),
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
    ...(ctx.walMode === "archive_command"
      ? [archiveModeForCommand(facts.archiveMode), archiveCommand(facts, ctx.username), archiveRepository(facts)]
      : [archiveModeForStreaming(facts.archiveMode, facts.archiveCommand)]),
    dataChecksums(facts.dataChecksums),
    ...(ctx.walMode === "streaming"
      ? [synchronousReceiveItem({ synchronousReceive: ctx.synchronousReceive ?? false, receiverState: ctx.receiverState ?? null })]
      : []
    ).filter((i) => i !== null),
  ];
}

/**
 * Whether a cluster's host is this machine (a loopback address or a Unix socket directory): only
 * then can the worker try the repository as the server's OS user.
 */
export function isThisHost(host: string): boolean {
  const h = host.toLowerCase();
  return h.startsWith("/") || h === "localhost" || h === "::1" || h === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** A cluster is ready for physical backups when nothing on its list fails. */
export function isReady(items: readonly ReadinessItem[]): boolean {
  return items.every((i) => i.status !== "fail");
}

function connectionFix(error: string, username: string): ReadinessFix {
  const e = error.toLowerCase();
  if (e.includes("password authentication failed") || e.includes("no password supplied")) {
    return { advice: "Check the user name and password saved for this cluster." };
  }
  if (e.includes("no pg_hba.conf entry")) {
    return {
      advice: "Add a pg_hba.conf line that lets this user connect from the Wayback worker's address:",
      command: `host all ${hbaName(username)} <worker address>/32 scram-sha-256`,
      after: "Then reload PostgreSQL.",
    };
  }
  if (e.includes("does not exist")) {
    return { advice: "Check the database and user names, or create them on the server." };
  }
  if (e.includes("timeout") || e.includes("timed out") || e.includes("etimedout")) {
    return { advice: "The server did not answer in time: check the host, the port, firewalls, and that PostgreSQL is running." };
  }
  if (
    e.includes("econnrefused") ||
    e.includes("enotfound") ||
    e.includes("eai_again") ||
    e.includes("ehostunreach") ||
    e.includes("enetunreach")
  ) {
    return { advice: "Nothing accepted the connection: check the host and port, that PostgreSQL is running, and its listen_addresses." };
  }
  return { advice: "Check the host, port, user, password and sslmode saved for this cluster." };
}

function clientTools(serverMajor: number | null, toolsMajor: number | null): ReadinessItem {
  const label = "Client tools on the worker";
  if (serverMajor === null) {
    return { key: "client_tools", label, status: "unknown", detail: "The server's major version is unknown.", fix: null };
  }
  if (toolsMajor !== null) {
    return {
      key: "client_tools",
      label,
      status: "ok",
      detail: `PostgreSQL ${toolsMajor} tools serve this PostgreSQL ${serverMajor} server.`,
      fix: null,
    };
  }
  return {
    key: "client_tools",
    label,
    status: "fail",
    detail: `The worker has no PostgreSQL client tools of major ${serverMajor} or newer (pg_basebackup and pg_dump refuse newer servers).`,
    fix: { advice: "Install them on the worker host:", command: `apt-get install postgresql-client-${serverMajor}` },
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
    fix: {
      advice: "Set in postgresql.conf:",
      command: "wal_level = replica",
      after: "Then restart PostgreSQL. From SQL, ALTER SYSTEM SET wal_level = 'replica'; does the same (the restart is still needed).",
    },
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
    fix: {
      advice: "Set in postgresql.conf:",
      command: `max_wal_senders = ${suggestedWalSenders(value)}`,
      after: "Then restart PostgreSQL.",
    },
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
    fix: grantReplication(username),
  };
}

function replicationConnection(facts: CheckFacts, username: string): ReadinessItem {
  const label = "Replication connection";
  if (facts.replicationError === null) {
    return {
      key: "replication_connection",
      label,
      status: "ok",
      detail: "The server accepts replication connections from the worker.",
      fix: null,
    };
  }
  const e = facts.replicationError.toLowerCase();
  let fix: ReadinessFix;
  if (e.includes("pg_hba.conf")) {
    fix = {
      advice: "Add to pg_hba.conf:",
      command: `host replication ${hbaName(username)} <worker address>/32 scram-sha-256`,
      after: "Then reload PostgreSQL.",
    };
  } else if (e.includes("max_wal_senders")) {
    fix = {
      advice: "Raise max_wal_senders in postgresql.conf:",
      command: `max_wal_senders = ${suggestedWalSenders(facts.maxWalSenders)}`,
      after: "Then restart PostgreSQL.",
    };
  } else if (e.includes("too many clients") || e.includes("connection slots are reserved")) {
    fix = { advice: "The server has no free connection slots: close idle connections or raise max_connections, then retry the check." };
  } else if (e.includes("must be superuser or replication") || e.includes("permission denied")) {
    fix = grantReplication(username);
  } else {
    fix = {
      advice:
        "Allow replication connections for this user: a pg_hba.conf line for the replication database, and the REPLICATION attribute on the role.",
    };
  }
  return {
    key: "replication_connection",
    label,
    status: "fail",
    detail: `The server refused a replication connection: ${facts.replicationError}`,
    fix,
  };
}

function archiveModeForStreaming(mode: string | null, command: string | null): ReadinessItem {
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

function archiveModeForCommand(mode: string | null): ReadinessItem {
  const label = "archive_mode";
  if (mode === null) return { key: "archive_mode", label, status: "unknown", detail: "Could not read archive_mode.", fix: null };
  if (mode !== "off") return { key: "archive_mode", label, status: "ok", detail: `archive_mode is ${mode}.`, fix: null };
  return {
    key: "archive_mode",
    label,
    status: "fail",
    detail: "archive_mode is off, but this cluster is set to archive WAL with archive_command: PostgreSQL never runs it.",
    fix: {
      advice: "Run as a superuser:",
      command: "ALTER SYSTEM SET archive_mode = 'on';",
      after: "Then restart PostgreSQL (archive_mode takes effect only at start).",
    },
  };
}

function archiveCommand(facts: CheckFacts, username: string): ReadinessItem {
  const key = "archive_command";
  const label = "archive_command";
  const expected = facts.expectedArchiveCommand;
  if (expected === null) {
    return {
      key,
      label,
      status: "unknown",
      detail: "The last check was made while this cluster streamed WAL: check the connection again.",
      fix: null,
    };
  }
  if (facts.archiveCommand === null) {
    return {
      key,
      label,
      status: "unknown",
      detail: `Cannot check: role ${username} may not read archive_command (it needs pg_monitor or superuser). It must be exactly: ${expected}`,
      fix: { advice: "Let the role read server settings, then check again:", command: `GRANT pg_monitor TO ${quoteIdent(username)};` },
    };
  }
  if (facts.archiveCommand === expected)
    return { key, label, status: "ok", detail: `archive_command is Wayback's: ${expected}`, fix: null };
  const actual = facts.archiveCommand.trim() === "" ? "empty" : `"${facts.archiveCommand}"`;
  return {
    key,
    label,
    status: "fail",
    detail: `archive_command is ${actual}, not the command this cluster needs: "${expected}".`,
    fix: {
      advice: "Run as a superuser:",
      command: `ALTER SYSTEM SET archive_command = ${quoteLiteral(expected)};\nSELECT pg_reload_conf();`,
    },
  };
}

function archiveRepository(facts: CheckFacts): ReadinessItem {
  const key = "archive_repository";
  const label = "Repository writable by the server";
  const detail = facts.archiveAreaDetail ?? "Not checked yet: check the connection again.";
  if (facts.archiveAreaAccess === "ok") return { key, label, status: "ok", detail, fix: null };
  if (facts.archiveAreaAccess !== "fail") return { key, label, status: "unknown", detail, fix: null };
  return {
    key,
    label,
    status: "fail",
    detail,
    fix: {
      advice:
        "archive_command runs as the server's OS user, which must be able to reach the repository and write its WAL area. " +
        "Give the repository's directory the server's group with the setgid bit (Wayback then makes each cluster's WAL area group-writable itself), " +
        "make every directory above it searchable by that user, then check again:",
      command: "chgrp <server's group> <repository> && chmod 2750 <repository>",
    },
  };
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
    fix: {
      advice: "Enable them during a maintenance window: stop the server, then run:",
      command: "pg_checksums --enable -D <data directory>",
      after: "Then start the server again.",
    },
  };
}

function grantReplication(username: string): ReadinessFix {
  return { advice: "Run as a superuser:", command: `ALTER ROLE ${quoteIdent(username)} REPLICATION;` };
}

/** Room for a base backup, the WAL stream and a standby on top of what is configured now. */
function suggestedWalSenders(current: number | null): number {
  return Math.max(10, (current ?? 0) + MIN_WAL_SENDERS);
}

/** Text as an SQL string literal (standard_conforming_strings, on by default: backslashes are literal). */
function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A role name as an SQL identifier: always quoted, embedded quotes doubled (names are data). */
function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

// Words pg_hba.conf reads as keywords in the user field rather than as role names.
const HBA_KEYWORDS = new Set(["all", "sameuser", "samerole", "samegroup", "replication"]);

/**
 * A role name as a pg_hba.conf user token. Plain names stay bare; anything else is double-quoted
 * with quotes doubled, so spaces, commas, keywords ("all"), group ("+x"), file ("@x") and regex
 * ("/x", PostgreSQL 16+) prefixes are read as a literal role name.
 */
function hbaName(name: string): string {
  return /^[A-Za-z0-9_]+$/.test(name) && !HBA_KEYWORDS.has(name) ? name : quoteIdent(name);
}

const SYNC_RECEIVER_DOWN = new Set(["retrying", "failed", "stopped"]);

/** The readiness item of a cluster that asks for synchronous receive (decision 0024); null when it does not. */
export function synchronousReceiveItem(ctx: { synchronousReceive: boolean; receiverState: string | null }): ReadinessItem | null {
  if (!ctx.synchronousReceive) return null;
  const label = "Synchronous receive";
  const fix = {
    advice: `For commits to wait until the WAL receiver holds them (no committed transaction lost), set in postgresql.conf (with standbys of your own, add "${RECEIVER_APPLICATION_NAME}" to the list you have):`,
    command: SYNCHRONOUS_STANDBY_ENTRY,
    after: "Then reload PostgreSQL (SELECT pg_reload_conf()).",
  };
  if (ctx.receiverState !== null && SYNC_RECEIVER_DOWN.has(ctx.receiverState)) {
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
