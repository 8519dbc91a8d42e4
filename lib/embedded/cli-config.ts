import fs from "node:fs/promises";
import type { OsUser } from "@/lib/pg/os-user";

/** Lines the operator adds for S3 repositories (wal-push/wal-fetch sign with them): kept when the file is written again. */
const KEPT_KEYS = /^\s*(?:export\s+)?S3_(?:ACCESS_KEY_ID|SECRET_ACCESS_KEY)\s*=/;

/**
 * The CLI's configuration file for archive_command / restore_command on this host: it holds the
 * catalog's connection string, and maybe an S3 key pair, so it is 0600 and owned by the OS user
 * the PostgreSQL servers run as (the CLI refuses a file others can read). npm start writes it on
 * every start; an S3 key pair the operator put in it stays.
 */
export async function writeCliConfig(file: string, databaseUrl: string, serverUser: OsUser | undefined): Promise<string> {
  const kept = (await fs.readFile(file, "utf8").catch(() => "")).split("\n").filter((line) => KEPT_KEYS.test(line));
  const tmp = `${file}.${process.pid}.tmp`;
  const lines = ["# Written by npm start for Wayback's CLI (archive_command, restore_command).", `DATABASE_URL=${databaseUrl}`, ...kept];
  await fs.writeFile(tmp, `${lines.join("\n")}\n`, { mode: 0o600 });
  if (serverUser) await fs.chown(tmp, serverUser.uid, serverUser.gid);
  await fs.rename(tmp, file);
  return file;
}
