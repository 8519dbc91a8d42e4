import { AppError } from "@/lib/errors/app-error";

/**
 * Which repositories a job type reads or writes, when its caller names none: the cluster's
 * primary (backups, dumps, WAL), the primary and its copies (copying, retention, deleting a
 * backup everywhere), or none (it needs only the network and the catalog). A type missing here
 * (a new one) is routed as "all": bound too tightly beats running where its files are not.
 */
export type RepositoryScope = "none" | "primary" | "all";

export const JOB_REPOSITORY_SCOPE: Readonly<Record<string, RepositoryScope>> = {
  "cluster.check": "primary",
  "backup.full": "primary",
  "backup.delete": "all",
  restore: "primary",
  "restore.promote": "primary",
  "restore.discard": "none",
  "table.restore": "primary",
  verify: "primary",
  drill: "primary",
  dump: "primary",
  "dump.verify": "primary",
  "dump.restore": "primary",
  "dump.restore.discard": "none",
  retention: "all",
  "wal.index": "primary",
  copy: "all",
  "wal.stream": "primary",
  monitor: "none",
  "repository.test": "none",
  notify: "none",
};

export function repositoryScope(type: string): RepositoryScope {
  return JOB_REPOSITORY_SCOPE[type] ?? "all";
}

export interface RoutedRepository {
  name: string;
  kind: "posix" | "s3";
  /** posix: the worker host that reaches its path; null: a shared mount (any host). */
  workerHost: string | null;
}

export interface JobRouteFacts {
  /** The host a local instance of the job lives on: a restore's destination, a drill's copy, a
   *  dump restored into a new instance. */
  localHost?: string | null;
  /** A pgBackRest cluster's database host, for a job that runs pgbackrest (its stanza's pg1-path
   *  and config are on that host's disk). */
  stanzaHost?: string | null;
  repositories: RoutedRepository[];
}

/**
 * The job types that run pgbackrest commands on a pgBackRest cluster (lib/engines/): on the host
 * whose disk holds the cluster's data directory, where its stanza lives (decision 0029).
 */
export const PGBACKREST_JOB_TYPES: ReadonlySet<string> = new Set([
  "backup.full",
  "backup.delete",
  "restore",
  "table.restore",
  "verify",
  "drill",
  "retention",
  "wal.index",
]);

/**
 * The worker host that must run a job, or null when any worker may: a job touching a host's files
 * (a local instance, a posix repository reached from one host) runs there; one that only needs the
 * network and S3 repositories (or shared mounts) runs anywhere. A job whose files sit on two
 * different hosts cannot run at all: refused with what to change.
 */
export function jobHost(facts: JobRouteFacts): string | null {
  const needs: { host: string; why: string }[] = [];
  if (facts.localHost) needs.push({ host: facts.localHost, why: "its instance" });
  if (facts.stanzaHost) needs.push({ host: facts.stanzaHost, why: "the cluster's pgBackRest stanza" });
  for (const r of facts.repositories) {
    if (r.kind === "posix" && r.workerHost) needs.push({ host: r.workerHost, why: `repository ${r.name}` });
  }
  const [first] = needs;
  const other = needs.find((n) => n.host !== first?.host);
  if (first && other) {
    throw new AppError(
      "conflict",
      `This needs ${first.why} on worker host ${first.host} and ${other.why} on ${other.host}: no worker reaches both. ` +
        "Choose the same host, or put the repository on a shared mount or S3.",
    );
  }
  return first?.host ?? null;
}

/**
 * The host an in-place restore runs on: the one whose disk holds the cluster's data directory
 * (`localDataDirHost`). Asked for another host, it is refused with what to change. A cluster whose
 * host was never named (null, registered before hosts were) leaves the choice to the caller.
 */
export function inPlaceHost(cluster: { name: string; localDataDirHost: string | null }, requested: string | undefined): string | null {
  const host = cluster.localDataDirHost;
  if (host !== null && requested !== undefined && requested !== host) {
    throw new AppError(
      "validation_failed",
      `The data directory of ${cluster.name} is on worker host ${host}: an in-place restore runs there.`,
      {
        workerHost: [`Leave the worker host out, or choose ${host}.`],
      },
    );
  }
  return host;
}
