import { z } from "zod";
import { noControlCharacters, pgNameInput } from "./text-input";
import { portInput, wholeNumberInput } from "./whole-number-input";
import { parseHostPort } from "./database-hosts";
import { BACKUP_ENGINES } from "./backup-kind";
import { workerHostSchema } from "./worker-host";

export const SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] as const;
export type SslMode = (typeof SSL_MODES)[number];

// Host names per RFC 1123 labels, IPv4, or bracket-less IPv6; no spaces, no shell or URL syntax.
const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const ipv6 = z.ipv6();

function isHost(v: string): boolean {
  // Only IPv6 has colons (so "db:5432" and "10.0.0.1:5432" are refused); all-digit names must be IPv4.
  if (v.includes(":")) return ipv6.safeParse(v).success;
  if (/^[0-9.]+$/.test(v)) return z.regexes.ipv4.test(v);
  return HOSTNAME.test(v);
}

const name = z
  .string()
  .trim()
  .min(1, "Give the cluster a name.")
  .max(100, "Keep the name to 100 characters or fewer.")
  .refine(...noControlCharacters("name"));

const host = z
  .string()
  .trim()
  .min(1, "Enter the host name or IP address of the PostgreSQL server.")
  .max(253, "Host names are at most 253 characters.")
  .refine(isHost, "Enter a host name (db1.example.com) or an IP address, without a port or scheme.");

const port = portInput();

// The cluster's other database hosts (standbys, the primary-to-be), tried after host:port.
const otherHosts = z
  .array(
    z
      .string()
      .trim()
      .refine((t) => {
        const h = parseHostPort(t);
        return h !== null && isHost(h.host);
      }, "Write each other host as host:port (db2.example.com:5432, or [fd00::2]:5432 for IPv6)."),
    { error: "List the other hosts as host:port entries." },
  )
  .max(16, "List at most 16 other hosts.")
  .refine((l) => new Set(l).size === l.length, "Each other host once.");

export const BACKUP_FROM = ["primary", "prefer-standby", "standby"] as const;
const backupFrom = z.enum(BACKUP_FROM, { error: "Choose primary, prefer-standby or standby." });

const identifier = (what: string) =>
  pgNameInput(what, { empty: `Enter the ${what}.`, tooLong: `PostgreSQL limits the ${what} to 63 bytes.` });

const password = z.string().max(1000, "Passwords are limited to 1000 characters.");

const sslmode = z.enum(SSL_MODES, { error: "Choose one of: " + SSL_MODES.join(", ") + "." });

export const COMPRESSIONS = ["zstd", "gzip", "lz4", "none"] as const;
export type CompressionMethod = (typeof COMPRESSIONS)[number];
const compression = z.enum(COMPRESSIONS, { error: "Choose zstd, gzip, lz4 or none." });

export const WAL_MODES = ["streaming", "archive_command"] as const;
const walMode = z.enum(WAL_MODES, { error: "Choose streaming or archive_command." });

const repositoryId = z.uuid("Choose a repository.");

// Who takes the backups (decision 0029): Wayback's own engine, or pgBackRest on a stanza Wayback writes.
const engine = z.enum(BACKUP_ENGINES, { error: "Choose the wayback or pgbackrest engine." });

// pg_basebackup accepts 32 kB/s to 1 GB/s.
const backupMaxRateKb = wholeNumberInput({
  min: 32,
  max: 1_048_576,
  invalid: "Enter a rate in whole kB/s, or leave it empty for no limit.",
  tooSmall: "pg_basebackup needs at least 32 kB/s.",
  tooLarge: "pg_basebackup allows at most 1048576 kB/s (1 GB/s).",
});

const localDataDir = z
  .string()
  .trim()
  .max(1000, "Keep the path under 1000 characters.")
  .refine((p) => p.startsWith("/") && !p.split("/").includes(".."), "Use an absolute path without '..', e.g. /var/lib/postgresql/15/main.")
  .refine(...noControlCharacters("path"));

// Monitoring targets (lib/domain/alert-rules.ts): the RPO and how often a backup is due.
const rpoTargetSeconds = wholeNumberInput({
  min: 1,
  max: 604_800,
  invalid: "Enter the RPO target in whole seconds.",
  tooSmall: "The RPO target is at least 1 second.",
  tooLarge: "Keep the RPO target to a week (604800 seconds) or less.",
});
const synchronousReceive = z.boolean({ error: "Synchronous receive is true or false." });
const backupEveryHours = wholeNumberInput({
  min: 1,
  max: 744,
  invalid: "Enter how often a backup is due, in whole hours.",
  tooSmall: "Backups can be due at most every hour.",
  tooLarge: "Keep the backup period to a month (744 hours) or less.",
});

const database = identifier("database name");
const username = identifier("user name");

/** What a user submits to register a cluster (UI form and POST /api/v1/clusters). */
export const clusterCreateInput = z.object({
  name,
  host,
  port: port.default(5432),
  otherHosts: otherHosts.default([]),
  /** Which database host backups read from; standby fails when none answers as one. */
  backupFrom: backupFrom.default("primary"),
  database: database.default("postgres"),
  username,
  password: password.optional(),
  sslmode: sslmode.default("prefer"),
  /** Omitted: the oldest repository (the embedded default's, on a fresh install). */
  repositoryId: repositoryId.optional(),
  compression: compression.default("zstd"),
  walMode: walMode.default("streaming"),
  /** kB/s; absent or null: unlimited. */
  backupMaxRateKb: backupMaxRateKb.nullable().optional(),
  /** The data directory on the worker's host, when the cluster runs there (in-place restores). */
  localDataDir: localDataDir.nullable().optional(),
  /** The worker host whose disk holds localDataDir (in-place restores run there); null: not named. */
  localDataDirHost: workerHostSchema.nullable().optional(),
  rpoTargetSeconds: rpoTargetSeconds.default(60),
  /** pg_receivewal --synchronous (decision 0024): commits can wait for the receiver. */
  synchronousReceive: synchronousReceive.default(false),
  backupEveryHours: backupEveryHours.default(24),
  engine: engine.default("wayback"),
});
export type ClusterCreateInput = z.infer<typeof clusterCreateInput>;
/** Before defaults: what callers other than the API (demo cluster, tests) may pass. */
export type ClusterCreateFields = z.input<typeof clusterCreateInput>;

/**
 * PATCH /api/v1/clusters/:id. An absent field keeps the stored value; an absent password keeps the
 * stored one, `null` removes it. Built without the create defaults: zod 4 applies a default even
 * inside .optional()/.partial(), which would reset port, database and sslmode on every PATCH.
 */
export const clusterUpdateInput = z.object({
  name: name.optional(),
  host: host.optional(),
  port: port.optional(),
  otherHosts: otherHosts.optional(),
  backupFrom: backupFrom.optional(),
  database: database.optional(),
  username: username.optional(),
  password: password.nullable().optional(),
  sslmode: sslmode.optional(),
  repositoryId: repositoryId.optional(),
  compression: compression.optional(),
  walMode: walMode.optional(),
  backupMaxRateKb: backupMaxRateKb.nullable().optional(),
  localDataDir: localDataDir.nullable().optional(),
  /** The worker host whose disk holds localDataDir (in-place restores run there); null: not named. */
  localDataDirHost: workerHostSchema.nullable().optional(),
  rpoTargetSeconds: rpoTargetSeconds.optional(),
  synchronousReceive: synchronousReceive.optional(),
  backupEveryHours: backupEveryHours.optional(),
  engine: engine.optional(),
});
export type ClusterUpdateInput = z.infer<typeof clusterUpdateInput>;

/**
 * What a pgBackRest cluster needs besides a connection: pgBackRest runs where the data directory
 * is (pg1-path) and archives through archive_command (archive-push), never a streaming receiver.
 * Applied to the cluster as it will be after a create or an edit (an imported stanza's config
 * names its own data directory).
 */
export function engineIssues(c: {
  engine: (typeof BACKUP_ENGINES)[number];
  walMode: (typeof WAL_MODES)[number];
  localDataDir?: string | null;
}): { path: string[]; message: string }[] {
  if (c.engine !== "pgbackrest") return [];
  const issues = [];
  if (c.walMode !== "archive_command")
    issues.push({ path: ["walMode"], message: "pgBackRest archives WAL through archive_command (archive-push): choose archive_command." });
  if (!c.localDataDir)
    issues.push({ path: ["localDataDir"], message: "pgBackRest runs where the data directory is: give its path on the worker's host." });
  return issues;
}
