/**
 * Recovery from a repository the `wayback` CLI cannot read itself: an encrypted one (the CLI on a
 * database host holds no key, docs/decisions/0015). Before the copy starts, the restore job puts
 * every WAL file recovery may ask for — the planned segments and the cluster's timeline history
 * files — into a directory beside the copy, decrypted and checked against the catalog, and
 * restore_command copies from there (`localArchiveRestoreCommand`): a file that is not there is
 * not in the archive. Unlike the prefetch (prefetch-wal.ts) nothing overlaps replay, and the
 * directory holds all of that WAL at once; restore_command never touches the repository.
 */
import fs from "node:fs/promises";
import path from "node:path";
import type { ArchivedSegment } from "@/lib/domain/wal-prefetch";
import type { OsUser } from "@/lib/pg/os-user";
import { walPrefix } from "@/lib/storage/layout";
import type { Repository } from "@/lib/storage/repository";
import { shellWord } from "./cli-commands";
import { fetchWalFile } from "./fetch-wal-file";
import type { WalPrefetch } from "./prefetch-wal";

/** PostgreSQL's own documented restore_command shape: cp exits non-zero for a file that is not there. */
export const localArchiveRestoreCommand = (dir: string) => `cp ${shellWord(dir)}/%f %p`;

export async function fillLocalWalArchive(opts: {
  repo: Repository;
  clusterId: string;
  dir: string;
  segments: readonly ArchivedSegment[];
  owner?: OsUser;
  signal?: AbortSignal;
}): Promise<WalPrefetch> {
  const { repo, clusterId, dir, owner, signal } = opts;
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { mode: 0o700 });
  if (owner) await fs.chown(dir, owner.uid, owner.gid);
  const remove = () => fs.rm(dir, { recursive: true, force: true });
  try {
    const prefix = walPrefix(clusterId);
    const histories: string[] = [];
    for await (const { key } of repo.list(prefix)) {
      const name = key.slice(prefix.length);
      if (!name.includes("/") && name.endsWith(".history")) histories.push(name);
    }
    const files = [...histories.map((name) => ({ name, sha256: null })), ...opts.segments];
    for (const f of files) {
      await fetchWalFile({ repo, clusterId, name: f.name, destPath: path.join(dir, f.name), expectedSha256: f.sha256, owner, signal });
    }
    return { fetched: opts.segments.length, stop: remove };
  } catch (err) {
    await remove();
    throw err;
  }
}
