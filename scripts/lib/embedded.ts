import path from "node:path";
import { ensureCatalog } from "@/lib/embedded/catalog";
import { resolveCatalogUser } from "@/lib/embedded/catalog-user";
import { redisUrl, startRedisServer, stopRedisServer, type RedisServerSpec } from "@/lib/embedded/redis-server";
import { ensureSecretKeyFile, loadOrCreateState } from "@/lib/embedded/state";
import { createPgBinaries } from "@/lib/pg/binaries";
import { stopInstance, type InstanceSpec } from "@/lib/pg/instance";
import { resolveServerUser, type OsUser } from "@/lib/pg/os-user";
import { migrate } from "@/lib/db/migrate";
import { MIGRATIONS_DIR } from "@/lib/embedded/catalog";

export interface Services {
  /** What wal.conf holds: the embedded catalog's restricted CLI role, or DATABASE_URL itself (README: create a CLI role and set WAYBACK_CLI_CONFIG). */
  cliDatabaseUrl: string;
  env: {
    DATABASE_URL: string;
    REDIS_URL: string;
    WAYBACK_REPO_ROOTS: string;
    WAYBACK_SPOOL_DIR: string;
    WAYBACK_RESTORE_ROOTS: string;
    WAYBACK_SECRET_KEY_FILE?: string;
  };
  bins: ReturnType<typeof createPgBinaries>;
  osUser: OsUser | undefined;
  embedded: boolean;
  state: Awaited<ReturnType<typeof loadOrCreateState>>;
  /** Stops what this run started, in reverse order. */
  stop(): Promise<void>;
  own(stop: () => Promise<void>): void;
}

/**
 * The catalog and Redis for this run: the ones DATABASE_URL / REDIS_URL name, or the embedded
 * default's own instances under dataDir, started here and stopped by `stop()`.
 */
export async function startServices(dataDir: string, env: NodeJS.ProcessEnv, log: (m: string) => void): Promise<Services> {
  const bins = createPgBinaries({ root: env.WAYBACK_PG_BIN_ROOT, binDir: env.WAYBACK_PG_BIN_DIR });
  const osUser = await resolveServerUser(env.WAYBACK_PG_OS_USER ?? "postgres");
  const state = await loadOrCreateState(dataDir);
  const stops: (() => Promise<void>)[] = [];
  const own = (stop: () => Promise<void>) => void stops.unshift(stop);

  let databaseUrl = env.DATABASE_URL;
  let cliDatabaseUrl = databaseUrl;
  if (databaseUrl) {
    await migrate(databaseUrl, MIGRATIONS_DIR);
  } else {
    log(`starting the catalog (PostgreSQL on 127.0.0.1:${state.catalog.port})`);
    const catalogUser = await resolveCatalogUser(env.WAYBACK_CATALOG_OS_USER, osUser);
    const catalog = await ensureCatalog({ dataDir, ...state.catalog, bins, osUser: catalogUser });
    databaseUrl = catalog.databaseUrl;
    cliDatabaseUrl = catalog.cliDatabaseUrl;
    own(() => stopPg(catalog.instance.spec));
  }

  let queueUrl = env.REDIS_URL;
  if (!queueUrl) {
    const spec: RedisServerSpec = { dir: path.join(dataDir, "redis"), ...state.redis };
    log(`starting Redis on 127.0.0.1:${spec.port}`);
    await startRedisServer(spec);
    queueUrl = redisUrl(spec);
    own(() => stopRedisServer(spec));
  }

  const repoRoots = env.WAYBACK_REPO_ROOTS ?? path.join(dataDir, "repo");
  const keyFile = env.WAYBACK_SECRET_KEY || env.WAYBACK_SECRET_KEY_FILE ? undefined : await ensureSecretKeyFile(dataDir);
  return {
    cliDatabaseUrl: cliDatabaseUrl!,
    env: {
      DATABASE_URL: databaseUrl,
      REDIS_URL: queueUrl,
      WAYBACK_REPO_ROOTS: repoRoots,
      WAYBACK_SPOOL_DIR: env.WAYBACK_SPOOL_DIR ?? path.join(dataDir, "spool"),
      WAYBACK_RESTORE_ROOTS: env.WAYBACK_RESTORE_ROOTS ?? path.join(dataDir, "restores"),
      ...(keyFile ? { WAYBACK_SECRET_KEY_FILE: keyFile } : {}),
    },
    bins,
    osUser,
    embedded: !env.DATABASE_URL,
    state,
    own,
    async stop() {
      for (const stop of stops) await stop();
    },
  };
}

export const stopPg = (spec: InstanceSpec) => stopInstance(spec, "fast");
