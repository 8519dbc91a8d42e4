// `npm run admin:reset-password [user]`: gives `admin` (or the named user) a new random password,
// ends their sessions, prints it in a box and keeps it in <data dir>/admin-password (0600) until
// they change it. Works against DATABASE_URL, or the embedded catalog — started for the occasion
// and stopped again when `npm start` is not running it.
import path from "node:path";
import { generatePassword, saveGeneratedPassword } from "@/lib/auth/generated-password";
import { resetPassword } from "@/lib/auth/reset-password";
import { createDb } from "@/lib/db/client";
import { box } from "./lib/box";
import { openCatalog } from "./lib/open-catalog";
import { resolveDataDir } from "./lib/data-dir";

const root = path.resolve(import.meta.dirname, "..");
const log = (m: string) => console.error(`wayback: ${m}`);

async function main() {
  const username = process.argv[2] ?? "admin";
  const dataDir = await resolveDataDir(root, process.env, log);
  const catalog = await openCatalog(dataDir, log);
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

main().catch((err) => {
  console.error(`wayback: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
