// restore_command's side (takeServed) against the restore job's side (startWalPrefetch with serve)
// over a real encrypted posix repository and real files: recovery gets each file as it asks, the
// job fetches only a few segments ahead of it, and "not in the archive", damage and a job that is
// gone are each told apart.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArchivedSegment } from "@/lib/domain/wal-prefetch";
import { segmentName } from "@/lib/domain/wal-segment";
import { encryptedRepository } from "@/lib/storage/encrypted";
import { historyKey, walKey } from "@/lib/storage/layout";
import { createPosixRepository } from "@/lib/storage/posix";
import { startWalPrefetch } from "@/lib/wal/prefetch-wal";
import { takeServed } from "@/lib/wal/take-prefetched";

const clusterId = crypto.randomUUID();
let root: string;
let repoDir: string;
let repo: ReturnType<typeof encryptedRepository>;
const segments: (ArchivedSegment & { bytes: Buffer })[] = [];

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-served-"));
  repoDir = path.join(root, "repo");
  await fs.mkdir(repoDir);
  repo = encryptedRepository(createPosixRepository(repoDir), randomBytes(32), path.join(root, "scratch"));
  for (let segno = 1n; segno <= 12n; segno++) {
    const bytes = randomBytes(64 * 1024);
    const name = segmentName(1, segno);
    await repo.put(walKey(clusterId, name), bytes);
    segments.push({ name, timeline: 1, segno, sha256: createHash("sha256").update(bytes).digest("hex"), bytes });
  }
  await repo.put(historyKey(clusterId, "00000002.history"), Buffer.from("1\t0/3000000\tno recovery target specified\n"));
});
afterAll(() => fs.rm(root, { recursive: true, force: true }));

const DEPTH = 2;
async function serving(dir: string) {
  const errors: Error[] = [];
  const prefetch = await startWalPrefetch({ repo, clusterId, dir, segments, depth: DEPTH, serve: true, onError: (e) => errors.push(e) });
  return { prefetch, errors };
}

describe("WAL served by the restore job to restore_command", () => {
  it("hands recovery every file it asks for, fetching only a few segments ahead of it", async () => {
    const dir = path.join(root, "served-1");
    const { prefetch, errors } = await serving(dir);
    const pgWal = path.join(root, "pg_wal-1");
    await fs.mkdir(pgWal);
    try {
      await takeServed(dir, "00000002.history", path.join(pgWal, "RECOVERYHISTORY"));
      expect(await fs.readFile(path.join(pgWal, "RECOVERYHISTORY"), "utf8")).toContain("no recovery target specified");
      await expect(takeServed(dir, "00000003.history", path.join(pgWal, "RECOVERYHISTORY"))).rejects.toMatchObject({
        name: "WalFileNotFoundError",
      });

      for (const [i, s] of segments.entries()) {
        await takeServed(dir, s.name, path.join(pgWal, "RECOVERYXLOG"));
        expect((await fs.readFile(path.join(pgWal, "RECOVERYXLOG"))).equals(s.bytes)).toBe(true);
        // Replay runs while the rest is still to be fetched: nothing beyond the window is there yet.
        const waiting = await fs.readdir(dir);
        for (const later of segments.slice(i + DEPTH + 2)) expect(waiting).not.toContain(later.name);
        if (i === 0) expect(prefetch.fetched).toBeLessThan(segments.length);
      }
      // The end of the archive: the segment after the last is not there.
      await expect(takeServed(dir, segmentName(1, 13n), path.join(pgWal, "RECOVERYXLOG"))).rejects.toMatchObject({
        name: "WalFileNotFoundError",
        message: `WAL file ${segmentName(1, 13n)} is not in the archive.`,
      });
      // A segment recovery asks for again (already taken) is served again.
      await takeServed(dir, segments[3]!.name, path.join(pgWal, "RECOVERYXLOG"));
      expect((await fs.readFile(path.join(pgWal, "RECOVERYXLOG"))).equals(segments[3]!.bytes)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await prefetch.stop();
    }
    await expect(fs.access(dir)).rejects.toThrow(/ENOENT/);
    await expect(takeServed(dir, segments[0]!.name, path.join(pgWal, "RECOVERYXLOG"))).rejects.toThrow(
      /no restore job is serving WAL in .* cannot fetch/,
    );
  });

  it("an altered object fails the file recovery asks for, with the reason, instead of passing it on", async () => {
    const victim = segments[1]!;
    const stored = path.join(repoDir, walKey(clusterId, victim.name));
    const original = await fs.readFile(stored);
    const altered = Buffer.from(original);
    altered[altered.length - 100]! ^= 1;
    await fs.writeFile(stored, altered);
    const dir = path.join(root, "served-2");
    const { prefetch, errors } = await serving(dir);
    try {
      const pgWal = path.join(root, "pg_wal-2");
      await fs.mkdir(pgWal);
      await takeServed(dir, segments[0]!.name, path.join(pgWal, "RECOVERYXLOG"));
      await expect(takeServed(dir, victim.name, path.join(pgWal, "RECOVERYXLOG"))).rejects.toThrow(
        new RegExp(`the restore job could not serve WAL file ${victim.name}: Cannot decrypt`),
      );
      await expect(fs.access(path.join(pgWal, victim.name))).rejects.toThrow(/ENOENT/);
      expect(errors.map((e) => e.message)).toEqual([expect.stringContaining("Cannot decrypt")]);
    } finally {
      await prefetch.stop();
      await fs.writeFile(stored, original);
    }
  });
});
