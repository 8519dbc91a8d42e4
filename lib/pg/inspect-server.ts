import { majorFromVersionNum } from "@/lib/domain/pg-version";
import { clientConfig, withSslFallback, type ConnectionTarget } from "@/lib/pg/connect";
import { withConnection } from "@/lib/pg/with-connection";

export interface ServerFacts {
  serverVersion: string;
  serverMajor: number;
  systemIdentifier: string | null;
  walLevel: string;
  archiveMode: string;
  archiveCommand: string | null;
  maxWalSenders: number;
  isSuperuser: boolean;
  hasReplication: boolean;
  /** Why a replication connection was refused; null when it was accepted. */
  replicationError: string | null;
  dataChecksums: boolean;
  databaseSizeBytes: bigint;
}

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Everything the readiness list needs, read over a normal connection, plus a real replication
 * connection (IDENTIFY_SYSTEM): the only proof that pg_hba.conf, the role and max_wal_senders let
 * pg_basebackup and pg_receivewal in. Throws when the server cannot be reached at all.
 */
export async function inspectServer(t: ConnectionTarget, signal?: AbortSignal): Promise<ServerFacts> {
  const settings = await withSslFallback(t, (plain) => readSettings(t, plain, signal));
  const replication = await withSslFallback(t, (plain) => identifySystem(t, plain, signal)).then(
    (systemId) => ({ systemId, error: null }),
    (err: Error) => ({ systemId: null, error: err.message }),
  );
  return { ...settings, systemIdentifier: replication.systemId, replicationError: replication.error };
}

async function readSettings(t: ConnectionTarget, plain: boolean, signal?: AbortSignal) {
  return withConnection(
    clientConfig(t, { connectTimeoutMs: CONNECT_TIMEOUT_MS, plain }),
    async (c) => {
      await c.query("SET statement_timeout = '10s'");
      const { rows } = await c.query(`
      SELECT current_setting('server_version') AS server_version,
             current_setting('server_version_num')::int AS version_num,
             current_setting('wal_level') AS wal_level,
             current_setting('archive_mode') AS archive_mode,
             -- pg_settings leaves out what the role may not read (archive_command needs
             -- pg_monitor or superuser): NULL then means "cannot check", not "empty".
             (SELECT setting FROM pg_settings WHERE name = 'archive_command') AS archive_command,
             current_setting('max_wal_senders')::int AS max_wal_senders,
             current_setting('data_checksums') AS data_checksums,
             r.rolsuper AS is_superuser,
             r.rolreplication AS has_replication,
             pg_database_size(current_database()) AS database_size
        FROM pg_roles r WHERE r.rolname = current_user`);
      const r = rows[0];
      return {
        serverVersion: String(r.server_version),
        serverMajor: majorFromVersionNum(Number(r.version_num)),
        walLevel: String(r.wal_level),
        archiveMode: String(r.archive_mode),
        archiveCommand: r.archive_command === null ? null : String(r.archive_command),
        maxWalSenders: Number(r.max_wal_senders),
        isSuperuser: Boolean(r.is_superuser),
        hasReplication: Boolean(r.has_replication),
        dataChecksums: r.data_checksums === "on",
        databaseSizeBytes: BigInt(r.database_size),
      };
    },
    signal,
  );
}

async function identifySystem(t: ConnectionTarget, plain: boolean, signal?: AbortSignal): Promise<string> {
  return withConnection(
    clientConfig(t, { connectTimeoutMs: CONNECT_TIMEOUT_MS, replication: true, plain }),
    async (c) => {
      const { rows } = await c.query("IDENTIFY_SYSTEM");
      return String(rows[0].systemid);
    },
    signal,
  );
}
