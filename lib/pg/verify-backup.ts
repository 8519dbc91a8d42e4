import fs from "node:fs/promises";
import path from "node:path";
import type { PgBinaries } from "@/lib/pg/binaries";
import { runProcess } from "@/lib/pg/run-process";

const DECOMPRESSORS: Record<string, string | null> = { ".tar": null, ".tar.zst": "zstd -d", ".tar.gz": "gzip -d", ".tar.lz4": "lz4 -d" };

/**
 * pg_verifybackup of PostgreSQL 15 reads plain-format backups only, so a tar backup is extracted
 * into `scratchDir` (same filesystem as the repository, removed afterwards) and checked there:
 * every file's size and checksum against backup_manifest, and the WAL the backup needs, parsed
 * with pg_waldump. Returns what pg_verifybackup said; throws with its findings when it fails.
 */
export async function verifyTarBackup(opts: { bins: PgBinaries; serverMajor: number; backupDir: string; scratchDir: string; signal?: AbortSignal }): Promise<string> {
  const { backupDir, scratchDir } = opts;
  await fs.mkdir(scratchDir, { recursive: true, mode: 0o700 });
  try {
    const files = await fs.readdir(backupDir);
    await Promise.all(files.filter((f) => tarSuffix(f) !== null).map((f) => extract(path.join(backupDir, f), destinationOf(scratchDir, f), opts.signal)));
    await fs.copyFile(path.join(backupDir, "backup_manifest"), path.join(scratchDir, "backup_manifest"));
    const program = await opts.bins.pathForServer("pg_verifybackup", opts.serverMajor);
    const { stdout } = await runProcess(program, [scratchDir], { signal: opts.signal });
    return stdout.trim();
  } finally {
    await fs.rm(scratchDir, { recursive: true, force: true });
  }
}

function tarSuffix(file: string): string | null {
  return Object.keys(DECOMPRESSORS).find((s) => file.endsWith(s)) ?? null;
}

// base.tar → the data directory; pg_wal.tar → pg_wal/; <oid>.tar → pg_tblspc/<oid>/.
function destinationOf(root: string, file: string): string {
  const stem = file.slice(0, file.length - tarSuffix(file)!.length);
  if (stem === "base") return root;
  if (stem === "pg_wal") return path.join(root, "pg_wal");
  return path.join(root, "pg_tblspc", stem);
}

async function extract(archive: string, into: string, signal?: AbortSignal): Promise<void> {
  await fs.mkdir(into, { recursive: true });
  const decompressor = DECOMPRESSORS[tarSuffix(path.basename(archive))!];
  const args = ["-x", "-f", archive, "-C", into];
  if (decompressor) args.unshift(`--use-compress-program=${decompressor}`);
  await runProcess("tar", args, { signal });
}
