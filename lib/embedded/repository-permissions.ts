import fs from "node:fs/promises";
import type { OsUser } from "@/lib/pg/os-user";

/**
 * PostgreSQL servers reach the repository through Wayback's CLI, which runs as the servers' OS
 * user (restore_command reads, archive_command writes): the directory belongs to the worker's user
 * and the servers' group, with the setgid bit, so everything created below it has that group.
 * Files are 0640 and directories 0750 (group-readable), except the WAL area (<cluster>/wal/ and
 * below: 0770) of a cluster that archives with archive_command, which its check makes
 * group-writable for wal-push (lib/storage/posix.ts, lib/wal/archive-area.ts). Everything else stays
 * read-only for the servers' user, so a restored copy running as that user cannot touch it.
 */
export async function shareRepositoryWithServers(dir: string, serverUser: OsUser | undefined): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o750 });
  if (!serverUser) return;
  await fs.chown(dir, process.getuid?.() ?? 0, serverUser.gid);
  await fs.chmod(dir, 0o2750);
}
