/**
 * The `wayback` CLI: what PostgreSQL runs on the database host.
 *
 *   wayback wal-push  --cluster <id> [--config <file>] <path>            archive_command  (… %p)
 *   wayback wal-fetch --cluster <id> [--config <file>] [--repository <id>] [--prefetch-dir <dir> [--served]] <name> <destpath>
 *                                                                        restore_command  (… %f %p)
 *   wayback config export [<file>] | wayback config apply [--dry-run] [--prune] <file>
 *                                                                        configuration as code (bin/wayback-config.ts)
 *
 * --repository: a restore from one of the cluster's copy repositories reads its WAL there.
 *
 * --prefetch-dir: where the restore job puts the segments recovery will ask for, fetched and
 * verified ahead of replay; a file found there is moved into place without touching the catalog.
 * With --served the restore job serves every file there (it asks for the others and waits): the
 * CLI then never reads the catalog or the repository, which it cannot for an encrypted one.
 *
 * Configuration: DATABASE_URL (the catalog) from the environment, or from `--config <file>` with
 * KEY=VALUE lines (# comments, optional quotes); the file holds a password: chmod 0600, owned by
 * the user PostgreSQL runs as. A world-readable config file is refused. For a cluster whose
 * repository is on S3 the file may hold S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY; without them
 * the default AWS credential chain applies (AWS_* variables, ~/.aws, an instance role).
 *
 * Exit status 0 on success, 1 on failure with one line on stderr (PostgreSQL logs it). For
 * wal-fetch, 1 means "not in the archive", which is how PostgreSQL learns recovery reached the end
 * of the archive; any other failure exits 255, which stops recovery (see exitStatus).
 *
 * archive_command runs once per 16 MiB of WAL, restore_command once per segment replayed: this file
 * loads node builtins only and answers from files a warm process already archived (see
 * lib/wal/archived-ahead.ts) or fetched (lib/wal/prefetch-wal.ts) when it can; only otherwise is
 * run-command.ts loaded (pg and the few lib/ modules it needs, never Prisma's client). Run the
 * bundle (scripts/build-cli.ts → bin/wayback.mjs and its chunks).
 */
import { readFileSync, statSync } from "node:fs";
import type { S3Credentials } from "@/lib/domain/s3-settings";
import type { CliSettings } from "./run-command";
import { startPusherIfUseful, takeArchivedAhead, waitForArchivedAhead } from "@/lib/wal/archived-ahead";
import { takePrefetched, takeServed } from "@/lib/wal/take-prefetched";

const USAGE =
  "usage: wayback wal-push --cluster <id> [--config <file>] <path> | wayback wal-fetch --cluster <id> [--config <file>] [--repository <id>] [--prefetch-dir <dir> [--served]] <name> <destpath>";

class UsageError extends Error {}

interface Args {
  command: string;
  cluster: string;
  config: string | undefined;
  prefetchDir: string | undefined;
  served: boolean;
  repository: string | undefined;
  positional: string[];
}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h") throw new UsageError(USAGE);
  let cluster: string | undefined;
  let config: string | undefined;
  let prefetchDir: string | undefined;
  let repository: string | undefined;
  let served = false;
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const value = (flag: string) => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value. ${USAGE}`);
      return v;
    };
    if (a === "--cluster") cluster = value(a);
    else if (a.startsWith("--cluster=")) cluster = a.slice("--cluster=".length);
    else if (a === "--config") config = value(a);
    else if (a.startsWith("--config=")) config = a.slice("--config=".length);
    else if (a === "--prefetch-dir") prefetchDir = value(a);
    else if (a.startsWith("--prefetch-dir=")) prefetchDir = a.slice("--prefetch-dir=".length);
    else if (a === "--served") served = true;
    else if (a === "--repository") repository = value(a);
    else if (a.startsWith("--repository=")) repository = a.slice("--repository=".length);
    else if (a === "--") {
      positional.push(...rest.slice(i + 1));
      break;
    } else if (a.startsWith("--")) throw new UsageError(`unknown option ${a}. ${USAGE}`);
    else positional.push(a);
  }
  if (!cluster) throw new UsageError(`--cluster <id> is required. ${USAGE}`);
  if (served && !prefetchDir) throw new UsageError(`--served needs --prefetch-dir <dir>. ${USAGE}`);
  return { command, cluster, config, prefetchDir, served, repository, positional };
}

/** KEY=VALUE lines; blank lines and # comments ignored; values may be single- or double-quoted. */
function parseConfigFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new Error(`config line ${i + 1} is not KEY=VALUE`);
    let value = m[2]!;
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) value = value.slice(1, -1);
    out[m[1]!] = value;
  }
  return out;
}

function cliSettings(configFile: string | undefined): CliSettings {
  if (configFile) {
    let mode: number;
    try {
      mode = statSync(configFile).mode;
    } catch (err) {
      throw new Error(`cannot read config file ${configFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, {
        cause: err,
      });
    }
    if (mode & 0o004)
      throw new Error(`refusing config file ${configFile}: it is readable by every user and holds the catalog password (chmod 600 it)`);
    const values = parseConfigFile(readFileSync(configFile, "utf8"));
    if (!values.DATABASE_URL) throw new Error(`config file ${configFile} has no DATABASE_URL`);
    return { databaseUrl: values.DATABASE_URL, s3Credentials: s3CredentialsOf(values, configFile) };
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: set it or pass --config <file>");
  return { databaseUrl: url, s3Credentials: null };
}

/** An S3 repository's key pair comes from this 0600 file, never from the command line or the catalog. */
function s3CredentialsOf(values: Record<string, string>, configFile: string): S3Credentials | null {
  const accessKeyId = values.S3_ACCESS_KEY_ID ?? "";
  const secretAccessKey = values.S3_SECRET_ACCESS_KEY ?? "";
  if (accessKeyId === "" && secretAccessKey === "") return null;
  if (accessKeyId === "" || secretAccessKey === "")
    throw new Error(
      `config file ${configFile} has only one of S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: give both, or neither for the default AWS credential chain`,
    );
  return { accessKeyId, secretAccessKey };
}

async function run(argv: string[]): Promise<void> {
  // The operator's command, not PostgreSQL's: loaded only when asked for.
  if (argv[0] === "config") {
    const { main } = await import("./wayback-config");
    return main(argv.slice(1), process.env, (text) => process.stdout.write(text));
  }
  const args = parseArgs(argv);
  if (!["wal-push", "wal-fetch", "wal-push-ahead"].includes(args.command))
    throw new UsageError(`unknown command ${args.command}. ${USAGE}`);
  const expected = args.command === "wal-fetch" ? 2 : 1;
  if (args.positional.length !== expected)
    throw new UsageError(`${args.command} takes ${expected === 1 ? "<path>" : "<name> <destpath>"}. ${USAGE}`);

  // The fast paths: files a warm process already archived or fetched; no catalog, no hashing.
  if (args.command === "wal-fetch" && args.served) return takeServed(args.prefetchDir!, args.positional[0]!, args.positional[1]!);
  if (
    args.command === "wal-fetch" &&
    args.prefetchDir &&
    (await takePrefetched(args.prefetchDir, args.positional[0]!, args.positional[1]!))
  )
    return;
  if (args.command === "wal-push") {
    const file = args.positional[0]!;
    if (await takeArchivedAhead(file, args.cluster)) return;
    const ahead = ["wal-push-ahead", "--cluster", args.cluster, ...(args.config ? ["--config", args.config] : [])];
    if ((await startPusherIfUseful(file, { script: process.argv[1]!, args: ahead })) && (await waitForArchivedAhead(file, args.cluster)))
      return;
  }

  // Loaded only now: the catalog client and everything behind it cost more to load than the fast paths take.
  describeRuntimeForPg();
  const { runCommand } = await import("./run-command");
  await runCommand(
    args.command as "wal-push" | "wal-fetch" | "wal-push-ahead",
    args.cluster,
    cliSettings(args.config),
    args.positional,
    args.repository,
  );
}

// restore_command: PostgreSQL takes a failure as "not in the archive" and ends recovery there,
// promoting short of the target; a status above 125 it treats as fatal (as "command not found":
// RestoreArchivedFile, wait_result_is_any_signal) and stops the server instead. So wal-fetch exits
// 1 only for a file that is not in the archive, and FATAL_STATUS when it could not tell (catalog
// or repository out of reach, checksum mismatch, a wrong command line).
const FATAL_STATUS = 255;

function exitStatus(command: string | undefined, err: unknown): number {
  if (command !== "wal-fetch") return 1;
  return err instanceof Error && err.name === "WalFileNotFoundError" ? 1 : FATAL_STATUS;
}

/**
 * Node 21+ has a global `navigator`; Node 20 has none, and pg then tells Cloudflare Workers apart
 * by constructing a fetch `Response`, which loads Node's whole fetch stack (undici, http, http2,
 * zlib, worker_threads): measured, half of what loading the catalog chunk costs, on every
 * archive_command that is not answered ahead. Say what Node 21+ says.
 */
function describeRuntimeForPg(): void {
  if (!("navigator" in globalThis)) {
    Object.defineProperty(globalThis, "navigator", {
      value: { userAgent: `Node.js/${process.versions.node.split(".")[0]}` },
      configurable: true,
    });
  }
}

function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.replace(/\s*\n\s*/g, " ").trim();
}

run(process.argv.slice(2)).then(
  () => {
    process.exitCode = 0;
  },
  (err: unknown) => {
    process.stderr.write(`wayback: ${oneLine(err)}\n`);
    process.exitCode = exitStatus(process.argv[2], err);
  },
);
