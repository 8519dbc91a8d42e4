import { assessReadiness, isReady, type CheckFacts, type ReadinessContext, type ReadinessItem } from "@/lib/domain/readiness";
import type { SslMode } from "@/lib/domain/cluster-input";
import type { Cluster, ClusterCheck, Job } from "@/lib/db/generated/client";
import { presentJob, type JobView } from "@/lib/jobs/job-view";
import { hostWishFor, type HostProbe, type HostWish } from "@/lib/domain/database-hosts";

/** What one connection check found (the readiness facts), and how the readiness rules judge it. */
export interface CheckView extends CheckFacts {
  id: string;
  jobId: string | null;
  checkedAt: string;
  systemIdentifier: string | null;
  databaseSizeBytes: number | null;
  readiness: ReadinessItem[];
  ready: boolean;
}

/** A registered cluster as the API and UI see it. The password never leaves the catalog. */
export interface ClusterView {
  id: string;
  name: string;
  host: string;
  port: number;
  /** The cluster's other database hosts, "host:port", tried in order after host:port. */
  otherHosts: string[];
  backupFrom: HostWish;
  /** Each database host's role at the newest monitor sample; null for a one-host cluster or before a sample. */
  databaseHosts: { sampledAt: string; hosts: HostProbe[] } | null;
  database: string;
  username: string;
  sslmode: SslMode;
  hasPassword: boolean;
  createdAt: string;
  updatedAt: string;
  lastCheck: CheckView | null;
  /** The newest check job when it has not finished yet. */
  pendingCheck: JobView | null;
  repositoryId: string | null;
  compression: "zstd" | "gzip" | "lz4" | "none";
  walMode: "streaming" | "archive_command";
  backupMaxRateKb: number | null;
  localDataDir: string | null;
  /** The worker host whose disk holds localDataDir; null: not named. */
  localDataDirHost: string | null;
  rpoTargetSeconds: number;
  synchronousReceive: boolean;
  backupEveryHours: number;
  /** When the newest complete backup finished. */
  lastBackupAt: string | null;
  /** Who takes the backups (decision 0029). */
  engine: "wayback" | "pgbackrest";
  /** A pgBackRest cluster's stanza; null for Wayback's own engine. */
  pgbackrest: PgBackRestView | null;
}

export interface PgBackRestView {
  stanza: string;
  /** An existing stanza taken over with its own config; otherwise Wayback writes and owns the config. */
  imported: boolean;
}

export type ClusterWithChecks = Cluster & {
  checks: ClusterCheck[];
  jobs: Job[];
  backups: { finishedAt: Date | null }[];
  monitorSamples: { takenAt: Date; databaseHosts: unknown }[];
  walReceiver: { state: string } | null;
};

const SSL_FROM_DB: Record<Cluster["sslmode"], SslMode> = {
  disable: "disable",
  allow: "allow",
  prefer: "prefer",
  require: "require",
  verify_ca: "verify-ca",
  verify_full: "verify-full",
};

export function presentCluster(c: ClusterWithChecks): ClusterView {
  const check = c.checks[0];
  const pending = c.jobs.find((j) => j.status === "queued" || j.status === "running");
  return {
    id: c.id,
    name: c.name,
    host: c.host,
    port: c.port,
    otherHosts: c.otherHosts,
    backupFrom: hostWishFor(c.backupFrom),
    databaseHosts: hostsSample(c),
    database: c.database,
    username: c.username,
    sslmode: SSL_FROM_DB[c.sslmode],
    hasPassword: c.passwordEncrypted !== null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    lastCheck: check
      ? presentCheck(check, {
          username: c.username,
          walMode: c.walMode,
          synchronousReceive: c.synchronousReceive,
          receiverState: c.walReceiver?.state ?? null,
        })
      : null,
    pendingCheck: pending ? presentJob(pending) : null,
    repositoryId: c.repositoryId,
    compression: c.compression,
    walMode: c.walMode,
    backupMaxRateKb: c.backupMaxRateKb,
    localDataDir: c.localDataDir,
    localDataDirHost: c.localDataDirHost,
    rpoTargetSeconds: c.rpoTargetSeconds,
    synchronousReceive: c.synchronousReceive,
    backupEveryHours: c.backupEveryHours,
    lastBackupAt: c.backups[0]?.finishedAt?.toISOString() ?? null,
    engine: c.engine,
    pgbackrest: c.pgbackrestStanza ? { stanza: c.pgbackrestStanza, imported: c.pgbackrestConfigPath !== null } : null,
  };
}

function presentCheck(check: ClusterCheck, ctx: ReadinessContext): CheckView {
  const readiness = assessReadiness(check, ctx);
  return {
    id: check.id,
    jobId: check.jobId,
    checkedAt: check.checkedAt.toISOString(),
    reachable: check.reachable,
    error: check.error,
    serverVersion: check.serverVersion,
    serverMajor: check.serverMajor,
    systemIdentifier: check.systemIdentifier,
    walLevel: check.walLevel,
    archiveMode: check.archiveMode,
    archiveCommand: check.archiveCommand,
    maxWalSenders: check.maxWalSenders,
    isSuperuser: check.isSuperuser,
    hasReplication: check.hasReplication,
    replicationError: check.replicationError,
    dataChecksums: check.dataChecksums,
    databaseSizeBytes: check.databaseSizeBytes === null ? null : Number(check.databaseSizeBytes),
    clientToolsMajor: check.clientToolsMajor,
    expectedArchiveCommand: check.expectedArchiveCommand,
    archiveAreaAccess: check.archiveAreaAccess,
    archiveAreaDetail: check.archiveAreaDetail,
    readiness,
    ready: isReady(readiness),
  };
}

function hostsSample(c: ClusterWithChecks): ClusterView["databaseHosts"] {
  const sample = c.monitorSamples[0];
  if (!sample || !Array.isArray(sample.databaseHosts) || c.otherHosts.length === 0) return null;
  return { sampledAt: sample.takenAt.toISOString(), hosts: sample.databaseHosts as HostProbe[] };
}
