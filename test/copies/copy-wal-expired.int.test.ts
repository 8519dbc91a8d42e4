import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCluster } from "@/lib/clusters/create-cluster";
import { addCopyRepository } from "@/lib/copies/add-copy-repository";
import type { CopyRun } from "@/lib/copies/copy-run";
import { copyWal } from "@/lib/copies/copy-wal";
import { walKey } from "@/lib/storage/layout";
import { createPosixRepository } from "@/lib/storage/posix";
import type { Repository } from "@/lib/storage/repository";
import { uniqueName, useCatalog } from "@/test/harness/catalog";
import { createTestRepository } from "@/test/harness/repository";

const cat = useCatalog();

/**
 * The copy job lists the segments to copy, then copies them one by one; the primary's retention
 * may remove some meanwhile (catalog row first, then the file). Those are skipped, not failures.
 */
describe("copying WAL while retention removes segments", () => {
  it("skips a segment whose row went (file still there, or gone too), leaves nothing of it at the copy, and copies the rest", async () => {
    const [primaryRow, copyRow] = [await createTestRepository(cat.db), await createTestRepository(cat.db)];
    const { id: clusterId } = await createCluster(cat.db, {
      input: {
        name: uniqueName("copied"),
        host: "127.0.0.1",
        port: 1,
        username: "nobody",
        password: "",
        sslmode: "disable",
        repositoryId: primaryRow.id,
        walMode: "archive_command",
      },
      secretKey: randomBytes(32),
    });
    await addCopyRepository(cat.db, { clusterId, repositoryId: copyRow.id });
    const primary = createPosixRepository(primaryRow.path);
    const names = [1, 2, 3, 4].map((n) => `00000001000000000000000${n}`);
    for (const [i, name] of names.entries()) {
      const bytes = randomBytes(8192);
      await primary.put(walKey(clusterId, name), bytes);
      await cat.db.walSegment.create({
        data: {
          clusterId,
          name,
          timeline: 1,
          segno: BigInt(i + 1),
          sizeBytes: BigInt(bytes.length),
          sha256: createHash("sha256").update(bytes).digest("hex"),
          source: "push",
        },
      });
    }

    // Retention runs while segment 2 is being written to the copy: it removes the rows of segments
    // 2 and 3, and segment 3's file (segment 2's file is still being read, so it stays for now).
    const copy = createPosixRepository(copyRow.path);
    const racing: Repository = Object.assign(Object.create(copy) as Repository, {
      put: async (key: string, source: NodeJS.ReadableStream | Buffer, opts?: Parameters<Repository["put"]>[2]) => {
        if (key === walKey(clusterId, names[1]!)) {
          await cat.db.walSegment.deleteMany({ where: { clusterId, name: { in: [names[1]!, names[2]!] } } });
          await primary.remove(walKey(clusterId, names[2]!));
        }
        return copy.put(key, source, opts);
      },
    });
    const run: CopyRun = {
      clusterId,
      primary,
      backupSource: async () => primary,
      targets: [{ repositoryId: copyRow.id, name: "copy", repo: racing }],
    };
    const lines: string[] = [];
    const copied = await copyWal(cat.db, run, run.targets[0]!, {
      signal: new AbortController().signal,
      log: async (line) => void lines.push(line),
    });

    expect(copied).toBe(2);
    const rows = await cat.db.walSegmentCopy.findMany({ where: { clusterId, repositoryId: copyRow.id }, orderBy: { name: "asc" } });
    expect(rows.map((r) => r.name)).toEqual([names[0], names[3]]);
    expect(await copy.stat(walKey(clusterId, names[1]!))).toBeNull();
    expect(await copy.stat(walKey(clusterId, names[2]!))).toBeNull();
    expect(lines).toContain("skipped 2 WAL segment(s) that retention removed while they were being copied");
  });
});
