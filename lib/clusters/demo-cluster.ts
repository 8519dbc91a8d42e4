import path from "node:path";
import pg from "pg";
import type { Db } from "@/lib/db/client";
import { createCluster } from "@/lib/clusters/create-cluster";
import { ensureLocalInstance, type LocalInstance } from "@/lib/embedded/local-instance";
import type { PgBinaries } from "@/lib/pg/binaries";
import type { OsUser } from "@/lib/pg/os-user";
import { withPgPass } from "@/lib/pg/pgpass";
import { runProcess } from "@/lib/pg/run-process";

export const DEMO_NAME = "demo";
const DEMO_DATABASE = "demo";
const DEMO_ROLE = "wayback";

/**
 * The demo cluster a newcomer sees on first start: a local PostgreSQL with a little pgbench
 * data and a role for Wayback with REPLICATION (backups, streaming) and CREATEDB (restoring a
 * dump into a new database), registered in the catalog once.
 */
export async function ensureDemoInstance(opts: {
  dataDir: string;
  port: number;
  password: string;
  bins: PgBinaries;
  osUser?: OsUser;
}): Promise<LocalInstance> {
  const { instance, created } = await ensureLocalInstance({
    ...opts,
    dataDir: path.join(opts.dataDir, "demo"),
    settings: { max_wal_senders: 10 },
  });
  if (created) {
    await instance.query(
      "postgres",
      `CREATE ROLE ${DEMO_ROLE} LOGIN REPLICATION CREATEDB PASSWORD ${pg.Client.prototype.escapeLiteral(opts.password)}`,
    );
    // pg_monitor lets the check read archive_command and the monitoring views without SUPERUSER.
    await instance.query("postgres", `GRANT pg_monitor TO ${DEMO_ROLE}`);
    await instance.query("postgres", `CREATE DATABASE ${DEMO_DATABASE} OWNER ${DEMO_ROLE}`);
    // "Create restore point" calls these in the cluster's database; PostgreSQL reserves them for
    // superusers by default, and function privileges are per database.
    await instance.query(DEMO_DATABASE, `GRANT EXECUTE ON FUNCTION pg_create_restore_point(text), pg_switch_wal() TO ${DEMO_ROLE}`);
    await withPgPass([{ host: "127.0.0.1", port: opts.port, user: DEMO_ROLE, password: opts.password }], async (env) =>
      runProcess(
        await opts.bins.path("pgbench"),
        ["-i", "-s", "1", "-q", "-h", "127.0.0.1", "-p", String(opts.port), "-U", DEMO_ROLE, DEMO_DATABASE],
        {
          env,
          timeoutMs: 120_000,
        },
      ),
    );
  }
  return instance;
}

/** Registers the demo cluster unless a cluster of that name exists; returns its id when it did. */
export async function registerDemoCluster(
  db: Db,
  opts: { port: number; password: string; secretKey: Buffer; dataDir: string },
): Promise<string | null> {
  if (await db.cluster.findUnique({ where: { name: DEMO_NAME } })) return null;
  const { id } = await createCluster(db, {
    input: {
      name: DEMO_NAME,
      host: "127.0.0.1",
      port: opts.port,
      database: DEMO_DATABASE,
      username: DEMO_ROLE,
      password: opts.password,
      sslmode: "prefer",
      localDataDir: path.join(opts.dataDir, "demo"),
    },
    secretKey: opts.secretKey,
  });
  return id;
}
