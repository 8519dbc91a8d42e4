/**
 * The pgBackRest stanza configuration Wayback writes and owns for a cluster (decision 0029): one
 * file per cluster, 0600, read by pgBackRest through `--config` only. Its repository is a Wayback
 * repository's own area (`<path>/pgbackrest/<cluster id>` for posix, the same prefix under an S3
 * repository's); an S3 key pair is written here, never onto a command line or into an
 * environment. Logs go to the console (Wayback reads progress from it), not to files.
 */
import type { S3Settings } from "./s3-settings";

export type StanzaRepository = { kind: "posix"; path: string } | { kind: "s3"; settings: S3Settings };

export interface StanzaConfigInput {
  stanza: string;
  /** The cluster's data directory on the host pgBackRest runs on. */
  pgDataDir: string;
  pgPort: number;
  /** Unix socket directory; pgBackRest connects over the socket as `pgUser`. */
  pgSocketDir: string;
  pgUser: string;
  /** The cluster's id: its area in the repository. */
  clusterId: string;
  repository: StanzaRepository;
  /** A directory of the stanza's own: lock files and the async archive spool. */
  stanzaDir: string;
  processMax: number;
}

const STANZA_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/** A stanza name for a cluster: pgBackRest accepts letters, digits, '-' and '_'. */
export function stanzaNameFor(clusterName: string): string {
  const name = clusterName
    .replace(/[^A-Za-z0-9_-]+/g, "-")
    .replace(/^[-_]+/, "")
    .slice(0, 63);
  return name === "" ? "cluster" : name;
}

export function isStanzaName(name: string): boolean {
  return STANZA_NAME.test(name);
}

/** The repository area of one cluster inside a Wayback repository. */
export function stanzaRepositoryPath(repositoryRoot: string, clusterId: string): string {
  return `${repositoryRoot.replace(/\/+$/, "")}/pgbackrest/${clusterId}`;
}

export function renderStanzaConfig(input: StanzaConfigInput): string {
  if (!isStanzaName(input.stanza)) throw new Error(`Not a pgBackRest stanza name (letters, digits, '-', '_'): ${input.stanza}`);
  const global: [string, string | number][] = [
    ...repositoryLines(input.repository, input.clusterId),
    // Retention is Wayback's (expire --set by its GFS plan): pgBackRest's own count-based
    // expiry, run after every backup, must never remove a set first.
    ["repo1-retention-full", 9999999],
    ["repo1-retention-full-type", "count"],
    ["lock-path", `${input.stanzaDir}/lock`],
    ["spool-path", `${input.stanzaDir}/spool`],
    ["log-path", `${input.stanzaDir}/log`],
    ["log-level-file", "off"],
    ["log-level-console", "info"],
    ["log-level-stderr", "off"],
    ["archive-async", "y"],
    ["compress-type", "zst"],
    ["process-max", input.processMax],
    ["start-fast", "y"],
  ];
  const stanza: [string, string | number][] = [
    ["pg1-path", input.pgDataDir],
    ["pg1-port", input.pgPort],
    ["pg1-socket-path", input.pgSocketDir],
    ["pg1-user", input.pgUser],
  ];
  return [
    "# Written by Wayback (decision 0029); changes here are overwritten.",
    "[global]",
    ...global.map(line),
    "",
    `[${input.stanza}]`,
    ...stanza.map(line),
    "",
  ].join("\n");
}

function repositoryLines(repo: StanzaRepository, clusterId: string): [string, string | number][] {
  if (repo.kind === "posix") return [["repo1-path", stanzaRepositoryPath(repo.path, clusterId)]];
  const s = repo.settings;
  if (!s.credentials) throw new Error("pgBackRest needs the S3 repository's access key pair: set one on the repository.");
  const endpoint = s.endpoint ? new URL(s.endpoint) : null;
  return [
    ["repo1-type", "s3"],
    ["repo1-path", `/${stanzaRepositoryPath(s.prefix.replace(/\/+$/, ""), clusterId).replace(/^\/+/, "")}`],
    ["repo1-s3-bucket", s.bucket],
    ["repo1-s3-region", s.region],
    ["repo1-s3-endpoint", endpoint ? endpoint.hostname : `s3.${s.region}.amazonaws.com`],
    ...(endpoint?.port ? [["repo1-storage-port", Number(endpoint.port)] as [string, number]] : []),
    ["repo1-s3-uri-style", s.forcePathStyle ? "path" : "host"],
    ["repo1-s3-key", s.credentials.accessKeyId],
    ["repo1-s3-key-secret", s.credentials.secretAccessKey],
  ];
}

function line([key, value]: [string, string | number]): string {
  const text = String(value);
  // One option per line: a line break inside a value would smuggle in another option.
  if (/[\r\n]/.test(text)) throw new Error(`The pgBackRest option ${key} cannot contain a line break.`);
  return `${key}=${text}`;
}

const SHELL_SAFE = /^[A-Za-z0-9_./-]+$/;

/**
 * The archive_command a pgBackRest cluster needs, exactly as the cluster page shows it. PostgreSQL
 * runs it through a shell: the config path must hold nothing a shell would read.
 */
export function archiveCommandFor(configPath: string, stanza: string): string {
  return `${stanzaCommand(configPath, stanza)} archive-push %p`;
}

/**
 * The restore_command of a copy restored from a pgBackRest set: WAL from the stanza's archive, as
 * pgBackRest's own restores write it (archive-get insists that PostgreSQL's working directory is
 * pg1-path: the copy's, not production's). Synchronous: the async spool is production's archive-push's.
 */
export function archiveGetCommandFor(configPath: string, stanza: string, pgDataDir: string): string {
  if (!SHELL_SAFE.test(pgDataDir)) {
    throw new Error(`The data directory ${pgDataDir} has characters a shell would read: use letters, digits, '.', '_', '-' and '/'.`);
  }
  return `${stanzaCommand(configPath, stanza)} --pg1-path=${pgDataDir} --no-archive-async archive-get %f "%p"`;
}

function stanzaCommand(configPath: string, stanza: string): string {
  if (!SHELL_SAFE.test(configPath)) {
    throw new Error(`The stanza config path ${configPath} has characters a shell would read: use letters, digits, '.', '_', '-' and '/'.`);
  }
  if (!isStanzaName(stanza)) throw new Error(`Not a pgBackRest stanza name (letters, digits, '-', '_'): ${stanza}`);
  return `pgbackrest --config=${configPath} --stanza=${stanza}`;
}
