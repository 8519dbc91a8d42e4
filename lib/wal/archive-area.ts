/**
 * archive_command mode: `wayback wal-push` runs as the database server's OS user and writes the
 * cluster's WAL area of the repository (<repo>/<cluster>/wal/). A cluster check makes sure the area
 * exists and is group-writable (its group and setgid bit come from the repository's directory,
 * which the embedded default gives the server's group), then tries it as that user: the facts
 * the readiness list judges (lib/domain/readiness.ts).
 */
import { constants } from "node:fs";
import { access, chmod, mkdir, readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import { isThisHost, type ArchiveFacts } from "@/lib/domain/readiness";
import { resolveServerUser, type OsUser } from "@/lib/pg/os-user";
import { runProcess } from "@/lib/pg/run-process";
import { clusterPrefix, walPrefix } from "@/lib/storage/layout";
import { archiveCommandFor, type CliInvocation } from "@/lib/wal/cli-commands";
import { getClusterStanza } from "@/lib/clusters/cluster-stanza";

const NOT_ARCHIVE_COMMAND: ArchiveFacts = { expectedArchiveCommand: null, archiveAreaAccess: null, archiveAreaDetail: null };

/** `serverOsUser`: the OS user servers run as when the worker is root (WAYBACK_PG_OS_USER). */
export async function archiveFacts(
  db: Db,
  opts: { clusterId: string; cli: CliInvocation; serverOsUser: string; spoolDir: string },
): Promise<ArchiveFacts> {
  const cluster = await db.cluster.findUniqueOrThrow({
    where: { id: opts.clusterId },
    select: { host: true, walMode: true, engine: true, repository: { select: { kind: true, path: true } } },
  });
  if (cluster.walMode !== "archive_command") return NOT_ARCHIVE_COMMAND;
  if (cluster.engine === "pgbackrest") {
    // pgBackRest's archive-push writes the stanza's repository, not Wayback's WAL area; the backup
    // job runs pgbackrest check (which pushes a segment) before the first set.
    const { archiveCommand, stanza } = await getClusterStanza(db, opts.clusterId, opts.spoolDir);
    return {
      expectedArchiveCommand: archiveCommand,
      archiveAreaAccess: "unknown",
      archiveAreaDetail: `pgBackRest archives into stanza ${stanza}'s repository: the backup job runs pgbackrest check before the first backup.`,
    };
  }
  const expectedArchiveCommand = archiveCommandFor(opts.cli, opts.clusterId);
  const facts = (access: ArchiveFacts["archiveAreaAccess"], detail: string): ArchiveFacts => ({
    expectedArchiveCommand,
    archiveAreaAccess: access,
    archiveAreaDetail: detail,
  });
  if (!cluster.repository)
    return facts("fail", "The cluster has no repository: wal-push would have nowhere to archive. Choose one on the cluster's page.");
  if (cluster.repository.path === null) {
    return facts(
      "unknown",
      "The repository is on S3: wal-push writes with the credentials of the CLI's configuration file (S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY) or the host's AWS credential chain; Test the repository, and make sure the database host can reach the store.",
    );
  }
  const repoPath = cluster.repository.path;
  if (!isThisHost(cluster.host)) {
    return facts(
      "unknown",
      `The server (${cluster.host}) is not on the worker's host: make sure its OS user can write ${path.join(repoPath, walPrefix(opts.clusterId))}.`,
    );
  }
  let serverUser: OsUser | undefined;
  try {
    serverUser = await resolveServerUser(opts.serverOsUser);
  } catch (err) {
    return facts("unknown", (err as Error).message);
  }
  const area = await shareWalArea(repoPath, opts.clusterId);
  return (await serverCanWrite(area, serverUser))
    ? facts("ok", `The server's OS user can write ${area}.`)
    : facts("fail", `The server's OS user (${describeUser(serverUser)}) cannot create files in ${area}.`);
}

/**
 * Creates <repo>/<cluster>/wal/ if needed and makes it and every directory below group-writable;
 * directories made in it later inherit that (lib/storage/posix.ts).
 */
export async function shareWalArea(repoRoot: string, clusterId: string): Promise<string> {
  const clusterDir = path.join(repoRoot, clusterPrefix(clusterId));
  const area = path.join(repoRoot, walPrefix(clusterId));
  try {
    if ((await mkdir(clusterDir, { recursive: true })) !== undefined) await chmodKeepingSetgid(clusterDir, 0o750);
    await mkdir(area, { recursive: true });
  } catch (err) {
    // Reported by the access check below, which names the user and the directory.
    if ((err as NodeJS.ErrnoException).code !== "EACCES") throw err;
    return area;
  }
  // Directories made before this (by the worker while streaming, or older versions) too.
  const dirs = [area, ...(await readdir(area, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => path.join(area, e.name))];
  for (const dir of dirs) await chmodKeepingSetgid(dir, 0o770);
  return area;
}

/** The setgid bit (and so the servers' group, for what is made below) stays as the parent gave it. */
async function chmodKeepingSetgid(dir: string, mode: number): Promise<void> {
  await chmod(dir, ((await stat(dir)).mode & 0o2000) | mode);
}

/** Tried as that user (as PostgreSQL's archiver runs), or as this process when servers run as it. */
async function serverCanWrite(dir: string, serverUser: OsUser | undefined): Promise<boolean> {
  if (!serverUser)
    return access(dir, constants.W_OK | constants.X_OK).then(
      () => true,
      () => false,
    );
  return runProcess("test", ["-w", dir, "-a", "-x", dir], { asUser: serverUser, cwd: "/", timeoutMs: 10_000 }).then(
    () => true,
    (err: { code?: unknown }) => {
      if (err.code === 1) return false;
      throw err;
    },
  );
}

const describeUser = (u: OsUser | undefined) => (u ? `uid ${u.uid}, gid ${u.gid}` : `uid ${process.getuid?.() ?? "?"}`);
