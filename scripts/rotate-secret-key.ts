// `npm run admin:rotate-secret-key`: moves the installation from one secret key to another. Every
// value sealed with the previous key (cluster passwords, notification secrets, S3 secret keys,
// encrypted repositories' data keys and passphrases) is sealed again with the new one, in one
// transaction; no object in any repository is rewritten (docs/decisions/0015).
//
//   WAYBACK_SECRET_KEY (or _FILE)           the new key: what web and workers will run with
//   WAYBACK_PREVIOUS_SECRET_KEY (or _FILE)  the key they ran with until now
//
// Stop the web process and every worker first (they hold the previous key and would seal new
// values with it), run this, then start them with the new key. An operator's command, not an API
// route: the previous key should not travel over HTTP, and the web process only knows one key.
// Works against DATABASE_URL, or the embedded catalog (see scripts/lib/open-catalog.ts).
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { decodeSecretKey } from "@/lib/config";
import { createDb } from "@/lib/db/client";
import { rotateSecretKey } from "@/lib/secrets/rotate-secret-key";
import { resolveDataDir } from "./lib/data-dir";
import { openCatalog } from "./lib/open-catalog";

const root = path.resolve(import.meta.dirname, "..");
const log = (m: string) => console.error(`wayback: ${m}`);

/** A key from `<name>` (inline) or `<name>_FILE`, 32 bytes as hex or base64 like WAYBACK_SECRET_KEY. */
function keyFromEnv(name: string, what: string): Buffer {
  const inline = process.env[name];
  const file = process.env[`${name}_FILE`];
  if (!inline && !file) throw new Error(`Set ${name} (or ${name}_FILE) to ${what}.`);
  try {
    return decodeSecretKey(inline || readFileSync(file!, "utf8"));
  } catch (err) {
    throw new Error(`${name}: ${(err as Error).message}`, { cause: err });
  }
}

async function main() {
  const secretKey = keyFromEnv("WAYBACK_SECRET_KEY", "the new secret key (openssl rand -hex 32)");
  const previousKey = keyFromEnv("WAYBACK_PREVIOUS_SECRET_KEY", "the secret key the installation has used until now");
  if (secretKey.equals(previousKey))
    throw new Error("WAYBACK_SECRET_KEY and WAYBACK_PREVIOUS_SECRET_KEY are the same key: nothing to rotate.");
  const catalog = await openCatalog(await resolveDataDir(root, process.env, log), log);
  const db = createDb(catalog.databaseUrl);
  try {
    const counts = await rotateSecretKey(db, { previousKey, secretKey });
    await recordAuditEvent(db, {
      actor: { userId: null, tokenId: null, name: `${os.userInfo().username} (command line)` },
      ip: null,
      action: "secret_key.rotate",
      targetId: null,
      details: counts,
      status: 200,
    });
    const lines = Object.entries(counts).map(([what, n]) => `  ${n} ${what}${n === 1 ? "" : "s"}`);
    console.log(`Sealed again with the new secret key:\n${lines.join("\n")}\nStart web and workers with the new WAYBACK_SECRET_KEY.`);
  } finally {
    await db.$disconnect();
    await catalog.close();
  }
}

main().catch((err) => {
  console.error(`wayback: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
