import fs from "node:fs/promises";
import type { OsUser } from "@/lib/pg/os-user";

/**
 * The CLI's configuration file for archive_command / restore_command on this host: it holds the
 * catalog's connection string, so it is 0600 and owned by the OS user the PostgreSQL servers run
 * as (the CLI refuses a file others can read).
 */
export async function writeCliConfig(file: string, databaseUrl: string, serverUser: OsUser | undefined): Promise<string> {
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, `# Written by npm start for Wayback's CLI (archive_command, restore_command).\nDATABASE_URL=${databaseUrl}\n`, {
    mode: 0o600,
  });
  if (serverUser) await fs.chown(tmp, serverUser.uid, serverUser.gid);
  await fs.rename(tmp, file);
  return file;
}
