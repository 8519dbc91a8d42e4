import fs from "node:fs/promises";
import type { OsUser } from "@/lib/pg/os-user";

/**
 * PostgreSQL servers read the repository through Wayback's CLI (restore_command runs as the
 * server's OS user): the directory joins that user's group with the setgid bit, so everything
 * created below it is group-readable by the servers (files 0640, directories 0750).
 */
export async function shareRepositoryWithServers(dir: string, serverUser: OsUser | undefined): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o750 });
  if (!serverUser) return;
  await fs.chown(dir, process.getuid?.() ?? 0, serverUser.gid);
  await fs.chmod(dir, 0o2750);
}
