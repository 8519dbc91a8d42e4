import { createHmac } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { migrate } from "@/lib/db/migrate";
import { CLI_ROLE, CLI_ROLE_GRANTS } from "@/lib/embedded/cli-role";
import { ensureLocalInstance, type LocalInstance } from "@/lib/embedded/local-instance";
import type { PgBinaries } from "@/lib/pg/binaries";
import type { OsUser } from "@/lib/pg/os-user";
import { withConnection } from "@/lib/pg/with-connection";

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../prisma/migrations");

/** The role that owns the `wayback` database, migrates it and runs the web and the worker. */
export const CATALOG_OWNER = "wayback";
const DATABASE = "wayback";

export interface EmbeddedCatalog {
  instance: LocalInstance;
  /** The owner's URL (DATABASE_URL of the web and the worker); not a superuser. */
  databaseUrl: string;
  /** The CLI role's URL, for wal.conf: it may only run the `wayback_cli` functions. */
  cliDatabaseUrl: string;
}

/**
 * The embedded catalog: a local instance with a `wayback` database owned by a role that is not a
 * superuser, migrated by that role, and the CLI's role (docs/decisions/0011). The bootstrap
 * superuser (its password in state.json) only sets the instance up, here.
 */
export async function ensureCatalog(opts: {
  dataDir: string;
  port: number;
  password: string;
  bins: PgBinaries;
  osUser?: OsUser;
}): Promise<EmbeddedCatalog> {
  const { instance } = await ensureLocalInstance({ ...opts, dataDir: path.join(opts.dataDir, "catalog") });
  const ownerPassword = derivedPassword(opts.password, CATALOG_OWNER);
  const cliPassword = derivedPassword(opts.password, CLI_ROLE);
  await ensureLoginRole(instance, CATALOG_OWNER, ownerPassword);
  await ensureLoginRole(instance, CLI_ROLE, cliPassword);
  const { rowCount } = await instance.query("postgres", "SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
  if (rowCount === 0) await instance.query("postgres", `CREATE DATABASE ${DATABASE} OWNER ${CATALOG_OWNER}`);
  // A catalog made before the owner role existed belongs to the superuser: hand it over.
  await instance.query(DATABASE, HAND_OVER_TO_OWNER);

  const databaseUrl = roleUrl(opts.port, CATALOG_OWNER, ownerPassword, DATABASE);
  await migrate(databaseUrl, MIGRATIONS_DIR);
  await withConnection({ connectionString: databaseUrl }, (owner) => owner.query(CLI_ROLE_GRANTS));
  return { instance, databaseUrl, cliDatabaseUrl: roleUrl(opts.port, CLI_ROLE, cliPassword, DATABASE) };
}

/**
 * Each role's password is derived from the superuser's (HMAC-SHA-256, keyed by it): nothing new to
 * keep in state.json, stable across starts, and knowing a derived one tells nothing about it.
 */
function derivedPassword(superuserPassword: string, role: string): string {
  return createHmac("sha256", superuserPassword).update(`wayback catalog role ${role}`).digest("base64url");
}

/** Creates the role, or makes sure an existing one is a plain login with this password. */
async function ensureLoginRole(instance: LocalInstance, role: string, password: string): Promise<void> {
  const { rowCount } = await instance.query("postgres", "SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
  const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${pg.escapeLiteral(password)}`;
  await instance.query("postgres", `${rowCount === 0 ? "CREATE" : "ALTER"} ROLE ${pg.escapeIdentifier(role)} ${attributes}`);
}

function roleUrl(port: number, role: string, password: string, database: string): string {
  return `postgresql://${role}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/** Gives the owner role the database and everything the migrations made in it (idempotent). */
const HAND_OVER_TO_OWNER = `
DO $$
DECLARE r record;
BEGIN
  EXECUTE format('ALTER DATABASE %I OWNER TO ${CATALOG_OWNER}', current_database());
  FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname IN ('public', 'wayback_cli') AND c.relkind IN ('r', 'p', 'v', 'S')
              AND c.relowner <> '${CATALOG_OWNER}'::regrole
              -- a sequence owned by a column follows its table
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')) LOOP
    EXECUTE format('ALTER TABLE %s OWNER TO ${CATALOG_OWNER}', r.name);
  END LOOP;
  FOR r IN SELECT t.oid::regtype AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = 'public' AND t.typtype = 'e' AND t.typowner <> '${CATALOG_OWNER}'::regrole LOOP
    EXECUTE format('ALTER TYPE %s OWNER TO ${CATALOG_OWNER}', r.name);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname IN ('public', 'wayback_cli') AND p.proowner <> '${CATALOG_OWNER}'::regrole LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO ${CATALOG_OWNER}', r.name);
  END LOOP;
  FOR r IN SELECT nspname AS name FROM pg_namespace WHERE nspname = 'wayback_cli' AND nspowner <> '${CATALOG_OWNER}'::regrole LOOP
    EXECUTE format('ALTER SCHEMA %I OWNER TO ${CATALOG_OWNER}', r.name);
  END LOOP;
END
$$`;
