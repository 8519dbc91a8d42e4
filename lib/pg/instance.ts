// Lifecycle of a local PostgreSQL instance (embedded catalog, demo cluster, restores, tests).
//
// Layout for a data directory D (siblings, so that a base backup of D never copies them):
//   D/               the data directory, 0700, owned by the server user
//   D/wayback.conf   settings managed here, included from postgresql.conf; rewritten whole
//   D.run/           unix socket directory (kept short: sun_path is ~107 bytes)
//   D.log            server log (pg_ctl -l), appended across starts
// Server programs run as spec.osUser when set (we are root); pg_ctl refuses root too.
import { chmod, chown, mkdir, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { firstUntraversable } from "@/lib/domain/server-reach";
import type { PgBinaries } from "@/lib/pg/binaries";
import { ancestry } from "@/lib/pg/path-ancestry";
import type { OsUser } from "@/lib/pg/os-user";
import { ProcessError, runProcess } from "@/lib/pg/run-process";

export interface InstanceSpec {
  dataDir: string;
  port: number;
  bins: PgBinaries;
  /** Major version of the server programs; defaults to the data dir's PG_VERSION, else newest. */
  major?: number;
  /** OS user for server programs; undefined runs them as the current user. */
  osUser?: OsUser;
}

export type SettingValue = string | number | boolean;
export type Settings = Record<string, SettingValue>;

export interface InitInstanceOptions {
  superuser?: string;
  /** Written to a 0600 file for initdb --pwfile, never put on a command line. */
  superuserPassword?: string;
  settings?: Settings;
  /** "trust-local": the superuser connects over the unix socket without a password.
   *  "scram": every connection needs a password. TCP lines (127.0.0.1, ::1, scram) are added
   *  whenever a password is given. */
  hba?: "trust-local" | "scram";
  /** Allow replication connections (pg_basebackup, pg_receivewal). Default true. */
  replication?: boolean;
  dataChecksums?: boolean;
  /** initdb --no-sync: faster, for throwaway instances only. */
  noSync?: boolean;
  timeoutMs?: number;
}

const CONF_FILE = "wayback.conf";
const CALLER_MARKER = "# Settings from the caller";
const MAX_SOCKET_PATH = 100;
const LOG_TAIL_LINES = 30;

export function instanceSocketDir(spec: InstanceSpec): string {
  return `${path.resolve(spec.dataDir)}.run`;
}

/** The socket the server listens on: no such file while it is not running. */
export function instanceSocketFile(spec: InstanceSpec): string {
  return path.join(instanceSocketDir(spec), `.s.PGSQL.${spec.port}`);
}

export function instanceLogPath(spec: InstanceSpec): string {
  return `${path.resolve(spec.dataDir)}.log`;
}

export function connectionInfo(spec: InstanceSpec, user: string, database: string) {
  return { host: "127.0.0.1" as const, port: spec.port, user, database };
}

export async function initInstance(spec: InstanceSpec, opts: InitInstanceOptions = {}): Promise<void> {
  const dataDir = path.resolve(spec.dataDir);
  const superuser = opts.superuser ?? "postgres";
  const hba = opts.hba ?? "trust-local";
  const password = opts.superuserPassword;
  if (hba === "scram" && !password) throw new Error('initInstance: hba "scram" needs a superuserPassword');
  const callerSettings = renderSettings(opts.settings ?? {});
  const socketFile = instanceSocketFile(spec);
  if (socketFile.length > MAX_SOCKET_PATH) {
    throw new Error(`The socket path ${socketFile} is longer than ${MAX_SOCKET_PATH} characters; choose a shorter data directory path.`);
  }

  await prepareDirectories(spec);
  const pwfile = password ? await writePasswordFile(spec, password) : undefined;
  try {
    const initdb = await program(spec, "initdb");
    const args = [
      "-D",
      dataDir,
      "-U",
      superuser,
      "-E",
      "UTF8",
      "--locale=C",
      `--auth-local=${hba === "trust-local" ? "trust" : "scram-sha-256"}`,
      // initdb refuses scram without a password; pg_hba.conf is rewritten below anyway.
      `--auth-host=${password ? "scram-sha-256" : "reject"}`,
    ];
    if (pwfile) args.push(`--pwfile=${pwfile}`);
    if (opts.dataChecksums) args.push("--data-checksums");
    if (opts.noSync) args.push("--no-sync");
    await runProcess(initdb, args, serverUser(spec, opts.timeoutMs ?? 120_000));
  } finally {
    if (pwfile) await rm(pwfile, { force: true });
  }

  const postgresqlConf = path.join(dataDir, "postgresql.conf");
  await writeFile(postgresqlConf, `${await readFile(postgresqlConf, "utf8")}\ninclude = '${CONF_FILE}'\n`);
  await writeConf(spec, callerSettings);
  await writeServerFile(spec, path.join(dataDir, "pg_hba.conf"), hbaLines(superuser, hba, Boolean(password), opts.replication ?? true));
}

export async function startInstance(spec: InstanceSpec, opts: { timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  // A data directory that did not come from initInstance (a restored backup) needs its socket
  // directory and log file too.
  await prepareDirectories(spec);
  const pgCtl = await program(spec, "pg_ctl");
  const log = instanceLogPath(spec);
  // pg_ctl puts the postmaster in its own session (setsid) with stdio on the log file, so a
  // Ctrl-C in our terminal does not reach it and pg_ctl's exit releases our pipes.
  const args = ["start", "-D", path.resolve(spec.dataDir), "-l", log, "-w", "-t", String(Math.ceil(timeoutMs / 1000)), "-s"];
  try {
    await runProcess(pgCtl, args, serverUser(spec, timeoutMs + 10_000));
  } catch (err) {
    const tail = await readLogTail(log, LOG_TAIL_LINES);
    throw new Error(
      `PostgreSQL in ${spec.dataDir} did not start on port ${spec.port}: ${(err as Error).message}\n` +
        `Last lines of the server log ${log}:\n${tail || "(empty)"}`,
      { cause: err },
    );
  }
}

/** No-op when the server is not running. */
export async function stopInstance(
  spec: InstanceSpec,
  mode: "fast" | "immediate" = "fast",
  opts: { timeoutMs?: number } = {},
): Promise<void> {
  if (!(await isRunning(spec))) return;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const args = ["stop", "-D", path.resolve(spec.dataDir), "-m", mode, "-w", "-t", String(Math.ceil(timeoutMs / 1000)), "-s"];
  try {
    await runProcess(await program(spec, "pg_ctl"), args, serverUser(spec, timeoutMs + 10_000));
  } catch (err) {
    if (await isRunning(spec)) throw err; // otherwise it stopped on its own meanwhile
  }
}

export async function restartInstance(spec: InstanceSpec, opts: { timeoutMs?: number } = {}): Promise<void> {
  await stopInstance(spec, "fast", opts);
  await startInstance(spec, opts);
}

export async function isRunning(spec: InstanceSpec): Promise<boolean> {
  try {
    await runProcess(await program(spec, "pg_ctl"), ["status", "-D", path.resolve(spec.dataDir)], serverUser(spec, 30_000));
    return true;
  } catch (err) {
    // 3: not running; 4: no accessible data directory.
    if (err instanceof ProcessError && (err.code === 3 || err.code === 4)) return false;
    throw err;
  }
}

export async function reloadInstance(spec: InstanceSpec): Promise<void> {
  await runProcess(await program(spec, "pg_ctl"), ["reload", "-D", path.resolve(spec.dataDir), "-s"], serverUser(spec, 30_000));
}

/**
 * Ends recovery and promotes, as the server's OS user: no login is needed, so a least-privilege
 * one (which may not call pg_wal_replay_resume()) and production's pg_hba.conf do not matter.
 * A recovery paused at its target ends there too (PostgreSQL 14+ checks for promotion while
 * paused). Returns once the control file says the server is in production.
 */
export async function promoteInstance(spec: InstanceSpec, opts: { timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const args = ["promote", "-D", path.resolve(spec.dataDir), "-w", "-t", String(Math.ceil(timeoutMs / 1000)), "-s"];
  await runProcess(await program(spec, "pg_ctl"), args, serverUser(spec, timeoutMs + 10_000));
}

/**
 * Merges `settings` into the managed file (null removes a setting), rewrites the port and socket
 * lines from `spec`, and reloads a running server. Settings that need a restart (context
 * "postmaster", e.g. shared_buffers, port) take effect only after restartInstance.
 */
export async function setSettings(spec: InstanceSpec, settings: Record<string, SettingValue | null>): Promise<void> {
  const current = parseCallerSettings(await readFile(path.join(path.resolve(spec.dataDir), CONF_FILE), "utf8"));
  for (const [name, value] of Object.entries(settings)) {
    if (value === null) current.delete(name);
    else current.set(name, renderSettings({ [name]: value }).get(name)!);
  }
  await writeConf(spec, current);
  if (await isRunning(spec)) await reloadInstance(spec);
}

/**
 * Makes a data directory that did not come from initInstance (an unpacked backup) startable as
 * this instance: postgresql.conf (created when the backup had none, as on Debian where it lives
 * in /etc) includes Wayback's file with this spec's port and socket, pg_hba.conf accepts
 * the logins `opts.hba` says (the original is kept as pg_hba.conf.orig), `settings` go
 * last in postgresql.auto.conf so nothing the source set with ALTER SYSTEM overrides them, and
 * everything belongs to the server user.
 */
/**
 * Who may log in to a restored copy. "password": password logins from this host only.
 * "trust-socket" (throwaway drill copies): also any role without a password over the unix
 * socket, whose directory only the server's OS user (and root) can enter — so the drill can run
 * its checks as the copy's superuser whatever production's roles allow.
 */
export type HbaForCopy = "password" | "trust-socket";

export async function adoptDataDirectory(spec: InstanceSpec, settings: Settings, opts: { hba?: HbaForCopy } = {}): Promise<void> {
  const dataDir = path.resolve(spec.dataDir);
  const conf = path.join(dataDir, "postgresql.conf");
  const existing = await readFile(conf, "utf8").catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return "# Written by Wayback for a restored copy (the source kept its configuration elsewhere).\n";
    throw err;
  });
  const include = `include = '${CONF_FILE}'`;
  await writeFile(conf, existing.includes(include) ? existing : `${existing}\n${include}\n`, { mode: 0o600 });
  await writeConf(spec, new Map());
  const hba = path.join(dataDir, "pg_hba.conf");
  await rename(hba, `${hba}.orig`).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== "ENOENT") throw err;
  });
  const local = opts.hba === "trust-socket" ? "local all all trust" : "local all all scram-sha-256";
  await writeFile(
    hba,
    [
      `# Written by Wayback for a restored copy (${opts.hba ?? "password"}).`,
      local,
      "host all all 127.0.0.1/32 scram-sha-256",
      "host all all ::1/128 scram-sha-256",
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  const auto = path.join(dataDir, "postgresql.auto.conf");
  const before = await readFile(auto, "utf8").catch(() => "");
  const lines = [...renderSettings(settings)].map(([name, value]) => `${name} = ${value}`);
  await writeFile(
    auto,
    `${before}${before.endsWith("\n") || before === "" ? "" : "\n"}# Added by Wayback for this restore:\n${lines.join("\n")}\n`,
    { mode: 0o600 },
  );
  await chmod(dataDir, 0o700);
  if (spec.osUser) await runProcess("chown", ["-R", `${spec.osUser.uid}:${spec.osUser.gid}`, dataDir]);
}

/** Stops the server (immediate) if it runs, then removes the data dir, socket dir and log. */
export async function destroyInstance(spec: InstanceSpec): Promise<void> {
  await stopInstance(spec, "immediate");
  const dataDir = path.resolve(spec.dataDir);
  await rm(dataDir, { recursive: true, force: true });
  await rm(instanceSocketDir(spec), { recursive: true, force: true });
  await rm(instanceLogPath(spec), { force: true });
}

// --- configuration files ---

/** Renders values for postgresql.conf; string quoting follows GUC_scanstr (\\ and '' escapes). */
export function renderSettings(settings: Settings): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(settings)) {
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) throw new Error(`Invalid PostgreSQL setting name: ${JSON.stringify(name)}`);
    if (name === "port") throw new Error("The port comes from the instance spec; do not pass it as a setting.");
    out.set(name, renderValue(name, value));
  }
  return out;
}

function renderValue(name: string, value: SettingValue): string {
  if (typeof value === "boolean") return value ? "on" : "off";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`Setting ${name} must be a finite number, got ${value}`);
    return String(value);
  }
  const escaped = value.replace(/\\/g, "\\\\").replace(/'/g, "''").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
  return `'${escaped}'`;
}

function parseCallerSettings(conf: string): Map<string, string> {
  const out = new Map<string, string>();
  const start = conf.indexOf(CALLER_MARKER);
  if (start < 0) return out;
  for (const line of conf.slice(start + CALLER_MARKER.length).split("\n")) {
    const m = /^([A-Za-z_][A-Za-z0-9_.]*) = (.*)$/.exec(line);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

async function writeConf(spec: InstanceSpec, callerSettings: Map<string, string>): Promise<void> {
  const base = new Map<string, string>([
    ["port", String(spec.port)],
    ["listen_addresses", "'127.0.0.1'"],
    ["unix_socket_directories", renderValue("unix_socket_directories", instanceSocketDir(spec))],
    ["wal_level", "replica"],
    ["max_wal_senders", "10"],
    ["logging_collector", "off"],
  ]);
  const lines = ["# Managed by Wayback (lib/pg/instance.ts): rewritten whole on every change."];
  for (const [name, value] of base) if (!callerSettings.has(name)) lines.push(`${name} = ${value}`);
  lines.push(CALLER_MARKER);
  for (const [name, value] of callerSettings) lines.push(`${name} = ${value}`);
  await writeServerFile(spec, path.join(path.resolve(spec.dataDir), CONF_FILE), `${lines.join("\n")}\n`);
}

function hbaLines(superuser: string, hba: "trust-local" | "scram", withPassword: boolean, replication: boolean): string {
  const user = `"${superuser.replace(/"/g, '""')}"`;
  const lines = ["# Written by Wayback (lib/pg/instance.ts)", "# TYPE DATABASE USER ADDRESS METHOD"];
  const databases = replication ? ["all", "replication"] : ["all"];
  for (const db of databases) {
    lines.push(hba === "trust-local" ? `local ${db} ${user} trust` : `local ${db} all scram-sha-256`);
  }
  if (withPassword) {
    for (const db of databases) {
      lines.push(`host ${db} all 127.0.0.1/32 scram-sha-256`, `host ${db} all ::1/128 scram-sha-256`);
    }
  }
  return `${lines.join("\n")}\n`;
}

// --- files and users ---

function serverUser(spec: InstanceSpec, timeoutMs: number) {
  // cwd "/": the server user may not be allowed into our working directory.
  return { asUser: spec.osUser, cwd: "/", timeoutMs };
}

async function program(spec: InstanceSpec, name: string): Promise<string> {
  const major = spec.major ?? (await dataDirMajor(spec.dataDir));
  return spec.bins.path(name, major === undefined ? {} : { major });
}

async function dataDirMajor(dataDir: string): Promise<number | undefined> {
  try {
    const text = (await readFile(path.join(path.resolve(dataDir), "PG_VERSION"), "utf8")).trim();
    return /^\d+$/.test(text) ? Number(text) : undefined;
  } catch {
    return undefined;
  }
}

async function giveToServerUser(spec: InstanceSpec, file: string): Promise<void> {
  if (spec.osUser) await chown(file, spec.osUser.uid, spec.osUser.gid);
}

async function writeServerFile(spec: InstanceSpec, file: string, content: string): Promise<void> {
  await writeFile(file, content, { mode: 0o600 });
  await giveToServerUser(spec, file);
}

async function prepareDirectories(spec: InstanceSpec): Promise<void> {
  const dataDir = path.resolve(spec.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  if (spec.osUser) await assertTraversable(path.dirname(dataDir), spec.osUser);
  for (const dir of [dataDir, instanceSocketDir(spec)]) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    await giveToServerUser(spec, dir);
  }
  // pg_ctl opens the log as the server user, which may not create files next to the data dir.
  await (await open(instanceLogPath(spec), "a", 0o600)).close();
  await giveToServerUser(spec, instanceLogPath(spec));
}

async function writePasswordFile(spec: InstanceSpec, password: string): Promise<string> {
  const file = `${path.resolve(spec.dataDir)}.pwfile`;
  await rm(file, { force: true });
  // "wx": never write through a file (or symlink) someone else put there.
  const handle = await open(file, "wx", 0o600);
  try {
    await handle.writeFile(`${password}\n`);
    if (spec.osUser) await handle.chown(spec.osUser.uid, spec.osUser.gid);
  } finally {
    await handle.close();
  }
  return file;
}

/** The server user must be able to reach the data directory through every ancestor. */
async function assertTraversable(dir: string, user: OsUser): Promise<void> {
  const blocked = firstUntraversable(await ancestry(dir), user);
  if (blocked) {
    throw new Error(
      `The PostgreSQL OS user (uid ${user.uid}) cannot reach ${dir}: ${blocked.path} is not traversable ` +
        `(mode ${(blocked.mode & 0o777).toString(8)}). Fix: chmod o+x ${blocked.path}, or put the data directory elsewhere.`,
    );
  }
}

export async function readLogTail(file: string, lines: number): Promise<string> {
  try {
    const handle = await open(file, "r");
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, 64 * 1024);
      const buf = Buffer.alloc(length);
      await handle.read(buf, 0, length, size - length);
      return buf.toString("utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } finally {
      await handle.close();
    }
  } catch {
    return "";
  }
}
