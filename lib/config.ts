import fs from "node:fs";
import { hostname } from "node:os";
import { z } from "zod";
import { signInSettings, type LocalSignIn, type OidcSettings } from "@/lib/domain/oidc-settings";
import { workerHostSchema } from "@/lib/domain/worker-host";

/**
 * The one place that reads the environment. Each process (web, worker, CLI) parses it once at
 * boot and passes the result on; scripts/start.ts fills it in for the embedded default.
 */
const schema = z.object({
  DATABASE_URL: z.string().min(1, "DATABASE_URL is required (the catalog's PostgreSQL connection string)."),
  REDIS_URL: z.string().min(1, "REDIS_URL is required (redis://host:port)."),
  WAYBACK_SECRET_KEY: z.string().optional(),
  WAYBACK_SECRET_KEY_FILE: z.string().optional(),
  WAYBACK_PG_BIN_ROOT: z.string().default("/usr/lib/postgresql"),
  WAYBACK_PG_BIN_DIR: z.string().optional(),
  WAYBACK_PG_OS_USER: z.string().default("postgres"),
  WAYBACK_REPO_ROOTS: z.string().default("/var/lib/wayback"),
  // Where this worker's WAL receivers spool segments before they reach the repository.
  WAYBACK_SPOOL_DIR: z.string().default("/var/lib/wayback/spool"),
  // Where restores into new instances may go on the worker's host, and the ports they may use.
  WAYBACK_RESTORE_ROOTS: z.string().default("/var/lib/wayback/restores"),
  WAYBACK_RESTORE_PORTS: z
    .string()
    .regex(/^\d+-\d+$/, "WAYBACK_RESTORE_PORTS is a range like 25432-25631.")
    // Below Linux's ephemeral range (32768–60999): an outgoing connection never holds one of these.
    .default("25432-25631"),
  // Redis key prefix of the queues: lets several Wayback installations (or test runs) share a Redis.
  WAYBACK_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/)
    .default("wayback"),
  // How often a worker's supervisor makes sure every streaming cluster has its receiver, every
  // cluster its monitor, archived WAL its indexing run and each policy its schedules; 0 turns it off.
  WAYBACK_SUPERVISE_MS: z.coerce.number().int().min(0).default(15_000),
  // Monitoring: how often each cluster is observed (0: no monitoring), and the thresholds of the
  // archive rules.
  WAYBACK_MONITOR_INTERVAL_MS: z.coerce
    .number()
    .int()
    .refine((ms) => ms === 0 || ms >= 1000, "WAYBACK_MONITOR_INTERVAL_MS is 0 (off) or at least 1000 (1 s).")
    .default(30_000),
  WAYBACK_ARCHIVE_STALE_MS: z.coerce.number().int().min(1000).default(600_000),
  WAYBACK_ARCHIVE_MAX_BEHIND: z.coerce.number().int().min(0).default(16),
  WAYBACK_SLOT_LAG_MAX_MB: z.coerce.number().int().min(1).default(1024),
  // Notifications: the first retry's delay (doubling after each failure), and how often a worker
  // looks for alerts to send.
  WAYBACK_NOTIFY_RETRY_MS: z.coerce.number().int().min(100).default(5_000),
  WAYBACK_NOTIFY_POLL_MS: z.coerce.number().int().min(0).default(2_000),
  // The operator's replacement for PagerDuty's or Opsgenie's API base (a relay, or a loopback peer
  // in tests); channels themselves only choose the US or EU service, never a host.
  WAYBACK_PAGERDUTY_URL: z.url({ protocol: /^https?$/, error: "WAYBACK_PAGERDUTY_URL is an http(s) base URL." }).optional(),
  WAYBACK_OPSGENIE_URL: z.url({ protocol: /^https?$/, error: "WAYBACK_OPSGENIE_URL is an http(s) base URL." }).optional(),
  // How PostgreSQL servers call Wayback's CLI (archive_command, restore_command), as shown to users.
  WAYBACK_CLI_COMMAND: z.string().optional(),
  // The CLI's own configuration file (DATABASE_URL), readable by the database server's OS user.
  WAYBACK_CLI_CONFIG: z.string().optional(),
  // The embedded default's data directory (npm start sets it): where a generated admin password waits.
  WAYBACK_DATA_DIR: z.string().optional(),
  WAYBACK_SESSION_HOURS: z.coerce.number().positive().default(12),
  WAYBACK_JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  WAYBACK_WORKER_CONCURRENCY: z.coerce.number().int().min(1).default(4),
  // The worker host this process names (docs/decisions/0026): its worker takes the jobs bound to
  // it from its own queue; the web proposes it for restores.
  WAYBACK_WORKER_HOST: workerHostSchema.optional(),
  // How often a worker records its heartbeat in the catalog.
  WAYBACK_HEARTBEAT_MS: z.coerce.number().int().min(100).default(5_000),
  WAYBACK_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]).default("info"),
  WAYBACK_SECURE_COOKIES: z.enum(["true", "false"]).optional(),
  // Where the dashboard listens; the default public URL is derived from them.
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(1).max(65535, "PORT is a TCP port, 1 to 65535.").default(3000),
  // The address users open: browser writes must come from this origin (lib/http/same-origin.ts).
  WAYBACK_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: "WAYBACK_PUBLIC_URL is the address users open, e.g. https://wayback.example.com." })
    .optional(),
  // Only a proxy that sets X-Forwarded-Host/-Proto itself makes those headers trustworthy.
  WAYBACK_TRUST_PROXY: z.enum(["true", "false"], { error: "WAYBACK_TRUST_PROXY is true or false." }).default("false"),
  // Who may read /metrics (docs/decisions/0018): Prometheus with the token whose SHA-256 this is
  // (only the hash is configured, like API tokens in the catalog), and/or, when the dashboard
  // listens on loopback only, any client on this host.
  WAYBACK_METRICS_TOKEN_SHA256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'WAYBACK_METRICS_TOKEN_SHA256 is the SHA-256 of the token in hex (printf %s "$TOKEN" | sha256sum).')
    .optional(),
  WAYBACK_METRICS_LOOPBACK: z.enum(["true", "false"], { error: "WAYBACK_METRICS_LOOPBACK is true or false." }).default("false"),
  // Single sign-on (docs/decisions/0020): read by signInSettings (lib/domain/oidc-settings.ts).
  WAYBACK_OIDC_ISSUER: z.string().optional(),
  WAYBACK_OIDC_CLIENT_ID: z.string().optional(),
  WAYBACK_OIDC_CLIENT_SECRET: z.string().optional(),
  WAYBACK_OIDC_CLIENT_SECRET_FILE: z.string().optional(),
  WAYBACK_OIDC_NAME: z.string().optional(),
  WAYBACK_OIDC_SCOPES: z.string().optional(),
  WAYBACK_OIDC_USERNAME_CLAIM: z.string().optional(),
  WAYBACK_OIDC_ROLE_CLAIM: z.string().optional(),
  WAYBACK_OIDC_ROLE_MAP: z.string().optional(),
  WAYBACK_OIDC_DEFAULT_ROLE: z.string().optional(),
  WAYBACK_LOCAL_SIGN_IN: z.string().optional(),
  NODE_ENV: z.string().default("development"),
});

export interface Config {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  secretKey: Buffer;
  pg: { binRoot: string; binDir: string | undefined; osUser: string };
  /** Directories under which repositories may be created. */
  repoRoots: string[];
  cli: { command: string; configFile: string | undefined };
  /** The embedded default's data directory, when this runs under `npm start`. */
  dataDir: string | undefined;
  spoolDir: string;
  superviseMs: number;
  monitor: { intervalMs: number; archiveStaleMs: number; maxSegmentsBehind: number; slotLagMaxBytes: bigint };
  notify: { retryMs: number; pollMs: number; apiUrls: { pagerduty?: string; opsgenie?: string } };
  restore: { roots: string[]; ports: { from: number; to: number } };
  sessionHours: number;
  jobLockMs: number;
  workerConcurrency: number;
  workerHost: string;
  heartbeatMs: number;
  logLevel: z.infer<typeof schema>["WAYBACK_LOG_LEVEL"];
  secureCookies: boolean;
  /** The origin users open the dashboard at (scheme, host, port), e.g. "https://wayback.example.com". */
  publicOrigin: string;
  /** Whether X-Forwarded-Host/-Proto come from a proxy the operator put in front (WAYBACK_TRUST_PROXY). */
  trustProxy: boolean;
  /** Single sign-on with an OpenID provider, or null; and who may sign in with a password. */
  oidc: OidcSettings | null;
  localSignIn: LocalSignIn;
  /** Who may read /metrics: the bearer token's SHA-256 (hex, lower case), and whether loopback clients need none. */
  metrics: { tokenSha256: string | null; loopback: boolean };
}

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid Wayback configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.WAYBACK_QUEUE_PREFIX,
    secretKey: readSecretKey(e.WAYBACK_SECRET_KEY, e.WAYBACK_SECRET_KEY_FILE),
    pg: { binRoot: e.WAYBACK_PG_BIN_ROOT, binDir: e.WAYBACK_PG_BIN_DIR, osUser: e.WAYBACK_PG_OS_USER },
    cli: { command: e.WAYBACK_CLI_COMMAND ?? `${process.cwd()}/bin/wayback`, configFile: e.WAYBACK_CLI_CONFIG },
    dataDir: e.WAYBACK_DATA_DIR,
    spoolDir: e.WAYBACK_SPOOL_DIR,
    superviseMs: e.WAYBACK_SUPERVISE_MS,
    monitor: {
      intervalMs: e.WAYBACK_MONITOR_INTERVAL_MS,
      archiveStaleMs: e.WAYBACK_ARCHIVE_STALE_MS,
      maxSegmentsBehind: e.WAYBACK_ARCHIVE_MAX_BEHIND,
      slotLagMaxBytes: BigInt(e.WAYBACK_SLOT_LAG_MAX_MB) * 1_048_576n,
    },
    notify: {
      retryMs: e.WAYBACK_NOTIFY_RETRY_MS,
      pollMs: e.WAYBACK_NOTIFY_POLL_MS,
      apiUrls: { pagerduty: e.WAYBACK_PAGERDUTY_URL, opsgenie: e.WAYBACK_OPSGENIE_URL },
    },
    restore: {
      roots: e.WAYBACK_RESTORE_ROOTS.split(":")
        .map((r) => r.trim())
        .filter(Boolean),
      ports: { from: Number(e.WAYBACK_RESTORE_PORTS.split("-")[0]), to: Number(e.WAYBACK_RESTORE_PORTS.split("-")[1]) },
    },
    repoRoots: e.WAYBACK_REPO_ROOTS.split(":")
      .map((r) => r.trim())
      .filter(Boolean),
    sessionHours: e.WAYBACK_SESSION_HOURS,
    jobLockMs: e.WAYBACK_JOB_LOCK_MS,
    workerConcurrency: e.WAYBACK_WORKER_CONCURRENCY,
    workerHost: e.WAYBACK_WORKER_HOST ?? hostname(),
    heartbeatMs: e.WAYBACK_HEARTBEAT_MS,
    logLevel: e.WAYBACK_LOG_LEVEL,
    secureCookies: e.WAYBACK_SECURE_COOKIES ? e.WAYBACK_SECURE_COOKIES === "true" : false,
    publicOrigin: new URL(e.WAYBACK_PUBLIC_URL ?? defaultPublicUrl(e.HOST, e.PORT)).origin,
    trustProxy: e.WAYBACK_TRUST_PROXY === "true",
    ...readSignInSettings(e),
    metrics: metricsAccess(e.WAYBACK_METRICS_TOKEN_SHA256, e.WAYBACK_METRICS_LOOPBACK === "true", e.HOST),
  };
}

/**
 * http://HOST:PORT. A wildcard listen address names no host a browser opens, so it stands for
 * 127.0.0.1: anyone reaching the dashboard by another name sets WAYBACK_PUBLIC_URL.
 */
function defaultPublicUrl(host: string, port: number): string {
  const h = host === "" || host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return `http://${h.includes(":") ? `[${h}]` : h}:${port}`;
}

/**
 * Token-less scrapes from loopback are only safe when nothing else can connect: the dashboard must
 * listen on a loopback address (a client elsewhere could otherwise claim 127.0.0.1 in
 * X-Forwarded-For, which Next.js passes on as it is).
 */
function metricsAccess(tokenSha256: string | undefined, loopback: boolean, host: string): Config["metrics"] {
  if (loopback && !isLoopbackAddress(host)) {
    throw new Error(
      `Invalid Wayback configuration:\n  WAYBACK_METRICS_LOOPBACK: true needs HOST on loopback (127.0.0.1, ::1 or localhost), not ${JSON.stringify(host)}; use WAYBACK_METRICS_TOKEN_SHA256 instead.`,
    );
  }
  return { tokenSha256: tokenSha256?.toLowerCase() ?? null, loopback };
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped) or localhost. */
export function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return a === "localhost" || a === "::1" || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

function readSignInSettings(e: z.infer<typeof schema>): Pick<Config, "oidc" | "localSignIn"> {
  try {
    const secretFile = e.WAYBACK_OIDC_CLIENT_SECRET_FILE;
    return signInSettings({
      issuer: e.WAYBACK_OIDC_ISSUER,
      clientId: e.WAYBACK_OIDC_CLIENT_ID,
      clientSecret: e.WAYBACK_OIDC_CLIENT_SECRET ?? (secretFile ? fs.readFileSync(secretFile, "utf8").trim() : undefined),
      name: e.WAYBACK_OIDC_NAME,
      scopes: e.WAYBACK_OIDC_SCOPES,
      usernameClaim: e.WAYBACK_OIDC_USERNAME_CLAIM,
      roleClaim: e.WAYBACK_OIDC_ROLE_CLAIM,
      roleMap: e.WAYBACK_OIDC_ROLE_MAP,
      defaultRole: e.WAYBACK_OIDC_DEFAULT_ROLE,
      localSignIn: e.WAYBACK_LOCAL_SIGN_IN,
    });
  } catch (err) {
    throw new Error(`Invalid Wayback configuration:\n  ${(err as Error).message.replaceAll("\n", "\n  ")}`, { cause: err });
  }
}

/** The key is 32 bytes, given as 64 hex characters or base64, inline or in a file. */
export function decodeSecretKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, "hex") : Buffer.from(t, "base64");
  if (key.length !== 32) {
    throw new Error("WAYBACK_SECRET_KEY must be 32 bytes: 64 hex characters or base64 (openssl rand -hex 32).");
  }
  return key;
}

function readSecretKey(inline: string | undefined, file: string | undefined): Buffer {
  if (inline) return decodeSecretKey(inline);
  if (file) return decodeSecretKey(fs.readFileSync(file, "utf8"));
  throw new Error("Set WAYBACK_SECRET_KEY or WAYBACK_SECRET_KEY_FILE (32 bytes: openssl rand -hex 32).");
}

let loaded: Config | undefined;

/** This process's configuration, parsed on first use. */
export function config(): Config {
  loaded ??= parseConfig(process.env);
  return loaded;
}
