// `npm run admin:reset-password [user]`: gives `admin` (or the named user) a new random password,
// ends their sessions, prints it in a box and keeps it in <data dir>/admin-password (0600) until
// they change it. Works against DATABASE_URL, or the embedded catalog — started for the occasion
// and stopped again when `npm start` is not running it.
import { existsSync } from "node:fs";
import path from "node:path";
import { generatePassword, saveGeneratedPassword } from "@/lib/auth/generated-password";
import { resetPassword } from "@/lib/auth/reset-password";
import { createDb } from "@/lib/db/client";
import { ensureCatalog } from "@/lib/embedded/catalog";
import { resolveCatalogUser } from "@/lib/embedded/catalog-user";
import { loadOrCreateState } from "@/lib/embedded/state";
import { createPgBinaries } from "@/lib/pg/binaries";
import { isRunning, stopInstance } from "@/lib/pg/instance";
import { resolveServerUser } from "@/lib/pg/os-user";
import { box } from "./lib/box";
import { resolveDataDir } from "./lib/data-dir";

const root = path.resolve(import.meta.dirname, "..");
const log = (m: string) => console.error(`wayback: ${m}`);

async function main() {
  const username = process.argv[2] ?? "admin";
  const dataDir = await resolveDataDir(root, process.env, log);
  const catalog = process.env.DATABASE_URL
    ? { databaseUrl: process.env.DATABASE_URL, close: async () => undefined }
    : await openEmbeddedCatalog(dataDir);
  const db = createDb(catalog.databaseUrl);
  try {
    const user = await db.user.findUnique({ where: { username } });
    if (!user) {
      const names = (await db.user.findMany({ select: { username: true }, orderBy: { username: "asc" } })).map((u) => u.username);
      throw new Error(
        `There is no user named "${username}" (users: ${names.join(", ") || "none"}). Usage: npm run admin:reset-password [user name]`,
      );
    }
    const password = generatePassword();
    await resetPassword(db, { id: user.id, password });
    const file = await saveGeneratedPassword(dataDir, { username, password });
    console.log(
      box([`New password for ${username}: ${password}`, `(kept in ${file} until you change it)`, "Every session of this user has ended."]),
    );
  } finally {
    await db.$disconnect();
    await catalog.close();
  }
}

/** The embedded catalog, started if `npm start` is not running it (and then stopped again). */
async function openEmbeddedCatalog(dataDir: string) {
  if (!existsSync(path.join(dataDir, "state.json")) || !existsSync(path.join(dataDir, "catalog", "PG_VERSION"))) {
    throw new Error(
      `There is no embedded catalog in ${dataDir}. Start Wayback once (npm start), set WAYBACK_DATA_DIR to where it keeps its data, or set DATABASE_URL.`,
    );
  }
  const state = await loadOrCreateState(dataDir);
  const bins = createPgBinaries({ root: process.env.WAYBACK_PG_BIN_ROOT, binDir: process.env.WAYBACK_PG_BIN_DIR });
  const servers = await resolveServerUser(process.env.WAYBACK_PG_OS_USER ?? "postgres");
  const osUser = await resolveCatalogUser(process.env.WAYBACK_CATALOG_OS_USER, servers);
  const spec = { dataDir: path.join(dataDir, "catalog"), port: state.catalog.port, bins, osUser };
  const wasRunning = await isRunning(spec);
  if (!wasRunning) log(`starting the catalog (PostgreSQL on 127.0.0.1:${spec.port}) for this change`);
  const { databaseUrl } = await ensureCatalog({ dataDir, ...state.catalog, bins, osUser });
  return { databaseUrl, close: async () => (wasRunning ? undefined : stopInstance(spec, "fast")) };
}

main().catch((err) => {
  console.error(`wayback: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
