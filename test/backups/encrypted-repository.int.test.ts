// A real cluster backed up into an encrypted posix repository by the real worker: its files hold
// no plaintext, verification reads it back, a restore (base and WAL replay) gives exactly the
// source's rows, and a wrong secret key fails clearly.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Backup } from "@/lib/db/generated/client";
import { parseLsn } from "@/lib/domain/lsn";
import { parseSegmentName, segmentOfLsn } from "@/lib/domain/wal-segment";
import { destroyInstance } from "@/lib/pg/instance";
import { unwrapDataKey } from "@/lib/crypto/data-key";
import { passphraseContext } from "@/lib/crypto/passphrase-kek";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { encryptionColumns, passphraseColumns } from "@/lib/repositories/encryption-columns";
import { requestVerification } from "@/lib/verification/request-verification";
import { restoreRequestInput } from "@/lib/domain/restore-input";
import { requestRestore } from "@/lib/restores/request-restore";
import { uniqueName } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { backedUpCluster } from "@/test/harness/backed-up-cluster";
import { copySpec, onCopy } from "@/test/harness/restored-copy";
import { until } from "@/test/harness/until";
import { useWorker, waitForJob } from "@/test/harness/worker";

const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
const source = useTestCluster();
const MARKER = `marker-${randomBytes(6).toString("hex")}`;
const copies: { dataDir: string; port: number }[] = [];
const SEGMENTS_AFTER_BACKUP = 10;
const ROWS = "SELECT count(*)::int AS n, md5(string_agg(value, ',' ORDER BY id)) AS md5 FROM secrets";
let encrypted: { clusterId: string; repositoryId: string; dir: string; backup: Backup };
let plain: { clusterId: string; dir: string };
let userId: string;

afterAll(async () => {
  for (const c of copies) await destroyInstance(await copySpec(c)).catch(() => undefined);
});

/** Relative paths of the files under `dir` whose bytes contain `needle`. */
async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const files = (await fs.readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  const hits: string[] = [];
  for (const f of files) {
    const file = path.join(f.parentPath, f.name);
    if ((await fs.readFile(file)).includes(Buffer.from(needle))) hits.push(path.relative(dir, file));
  }
  return hits;
}

/** A repository, encrypted or not, and a streaming cluster using it with one complete backup. */
async function backedUp(encrypt: boolean) {
  const { clusterId, repo, backup } = await backedUpCluster(
    w,
    source(),
    "enc",
    undefined,
    encrypt ? { encryptWith: w.config().secretKey } : {},
  );
  return { clusterId, repositoryId: repo.id, dir: repo.path, backup };
}

/**
 * Writes marker rows into the WAL after the backups, over several segments (so that a restore
 * replays many), and waits until both clusters' receivers archived the last of them.
 */
async function markerInArchivedWal(clusterIds: string[]) {
  const c = source();
  for (let n = 0; n < SEGMENTS_AFTER_BACKUP; n++) {
    await c.query(`INSERT INTO secrets SELECT g, $1 || ':' || g FROM generate_series($2::int, $2::int + 99) g`, [MARKER, 1001 + n * 100]);
    await c.query("SELECT pg_switch_wal()");
  }
  await c.query(`INSERT INTO secrets SELECT g, $1 || ':' || g FROM generate_series(2001, 2500) g`, [MARKER]);
  const { rows } = await c.query("SELECT pg_walfile_name(pg_current_wal_lsn()) AS name");
  await c.query("SELECT pg_switch_wal()");
  const { segno } = parseSegmentName(rows[0].name);
  for (const clusterId of clusterIds) {
    await until(`segment ${rows[0].name} of ${clusterId} to be archived`, () =>
      w.db.walSegment.count({ where: { clusterId, segno: { gte: segno } } }),
    );
  }
}

beforeAll(async () => {
  const c = source();
  await c.query("CREATE TABLE secrets (id int PRIMARY KEY, value text NOT NULL)");
  await c.query(`INSERT INTO secrets SELECT g, $1 || ':' || g FROM generate_series(1, 500) g`, [MARKER]);
  userId = (await w.db.user.create({ data: { username: uniqueName("op"), passwordHash: "x", role: "operator" } })).id;
  encrypted = await backedUp(true);
  plain = await backedUp(false);
  await markerInArchivedWal([encrypted.clusterId, plain.clusterId]);
}, 600_000); // two backups and more than ten archived segments: minutes on a busy machine

describe("an encrypted repository of a real cluster", () => {
  it("holds none of the marker row's bytes, where the unencrypted one does (so the search can fail)", async () => {
    expect((await filesContaining(plain.dir, MARKER)).length).toBeGreaterThan(0);
    expect(await filesContaining(encrypted.dir, MARKER)).toEqual([]);
  });

  it("verification reads every backup file and WAL segment back through decryption and passes", async () => {
    const job = await requestVerification(w.db, w.queue(), encrypted.clusterId);
    const done = await w.waitForJob(job.id, undefined);
    expect(done.error).toBeNull();
    const verification = await w.db.verification.findUniqueOrThrow({ where: { jobId: job.id }, include: { findings: true } });
    expect(verification.findings).toEqual([]);
    expect(verification.status).toBe("passed");
  });

  it("restores through the product's restore job (base and WAL replay) to exactly the rows of the source", async () => {
    const input = restoreRequestInput.parse({ target: { kind: "latest" } });
    const restoreLimits = { roots: [os.tmpdir()], ports: w.config().restore.ports };
    const { restore } = await requestRestore(w.db, w.queue(), { clusterId: encrypted.clusterId, input, userId, restore: restoreLimits });
    copies.push({ dataDir: restore!.dataDir, port: restore!.port });
    // Replaying more than ten segments takes minutes on a busy machine.
    const job = await waitForJob(w.db, restore!.jobId!, (j) => j.status === "succeeded" || j.status === "failed", 600_000);
    expect(job.error).toBeNull();
    const row = await w.db.restore.findUniqueOrThrow({ where: { id: restore!.id } });
    const restored = await onCopy(row.port, source().password, (c) => c.query(ROWS).then((r) => r.rows[0]));
    expect(restored).toEqual((await source().query(ROWS)).rows[0]);
    expect(restored.n).toBe(2000); // the rows written after the backup came from decrypted WAL
    // ...over more than ten segments, each served to restore_command as recovery asked for it.
    const log = (await w.db.job.findUniqueOrThrow({ where: { id: restore!.jobId! } })).log ?? "";
    expect(log).toMatch(/promoted at \S+ after \d+ ms/);
    expect(
      await w.db.walSegment.count({
        where: { clusterId: encrypted.clusterId, segno: { gt: segmentOfLsn(parseLsn(encrypted.backup.stopLsn!)) } },
      }),
    ).toBeGreaterThan(SEGMENTS_AFTER_BACKUP);
  }, 900_000);

  it("with a passphrase as the key-encryption key, verification passes; a kept passphrase that is not its passphrase fails verification and restores naming the repository", async () => {
    const row = await w.db.repository.findUniqueOrThrow({ where: { id: encrypted.repositoryId } });
    const secretKey = w.config().secretKey;
    const dataKey = unwrapDataKey(row.dataKeyWrapped!, secretKey, row.id);
    const columns = await passphraseColumns({ repositoryId: row.id, passphrase: "correct horse battery staple", secretKey, dataKey });
    await w.db.repository.update({ where: { id: row.id }, data: columns });
    try {
      const passed = await w.waitForJob((await requestVerification(w.db, w.queue(), encrypted.clusterId)).id, undefined);
      expect(passed.error).toBeNull();

      const wrong = encryptSecret("a passphrase that is not it", secretKey, passphraseContext(row.id));
      await w.db.repository.update({ where: { id: row.id }, data: { passphraseSealed: wrong } });
      const expected = `Repository ${row.id} (posix:${encrypted.dir}) is encrypted with a passphrase, and the passphrase kept for jobs does not unlock its data key`;
      const failed = await w.waitForJob((await requestVerification(w.db, w.queue(), encrypted.clusterId)).id, undefined);
      expect(failed.status).toBe("failed");
      expect(failed.error).toContain(expected);

      const input = restoreRequestInput.parse({ target: { kind: "latest" } });
      const restoreLimits = { roots: [os.tmpdir()], ports: w.config().restore.ports };
      const { restore } = await requestRestore(w.db, w.queue(), { clusterId: encrypted.clusterId, input, userId, restore: restoreLimits });
      copies.push({ dataDir: restore!.dataDir, port: restore!.port });
      const refused = await w.waitForJob(restore!.jobId!, undefined);
      expect(refused.status).toBe("failed");
      expect(refused.error).toContain(expected);
      await expect(fs.access(restore!.dataDir)).rejects.toThrow(/ENOENT/);
    } finally {
      await w.db.repository.update({
        where: { id: row.id },
        data: { dataKeyWrapped: row.dataKeyWrapped, passphraseKdf: null, passphraseSealed: null },
      });
    }
  });

  it("a data key wrapped under another secret key fails verification and restores naming the repository, nothing half restored", async () => {
    const row = await w.db.repository.findUniqueOrThrow({ where: { id: encrypted.repositoryId } });
    const foreign = encryptionColumns(true, row.id, randomBytes(32)).dataKeyWrapped;
    await w.db.repository.update({ where: { id: row.id }, data: { dataKeyWrapped: foreign } });
    try {
      const job = await requestVerification(w.db, w.queue(), encrypted.clusterId);
      const done = await w.waitForJob(job.id, undefined);
      expect(done.status).toBe("failed");
      expect(done.error).toContain(`Repository ${row.id} (posix:${encrypted.dir}) is encrypted and its data key cannot be unwrapped`);
      expect(done.error).toContain("WAYBACK_SECRET_KEY");

      const input = restoreRequestInput.parse({ target: { kind: "latest" } });
      const restoreLimits = { roots: [os.tmpdir()], ports: w.config().restore.ports };
      const { restore } = await requestRestore(w.db, w.queue(), { clusterId: encrypted.clusterId, input, userId, restore: restoreLimits });
      copies.push({ dataDir: restore!.dataDir, port: restore!.port });
      const failed = await w.waitForJob(restore!.jobId!, undefined);
      expect(failed.status).toBe("failed");
      expect(failed.error).toContain(`Repository ${row.id} (posix:${encrypted.dir}) is encrypted and its data key cannot be unwrapped`);
      await expect(fs.access(restore!.dataDir)).rejects.toThrow(/ENOENT/);
    } finally {
      await w.db.repository.update({ where: { id: row.id }, data: { dataKeyWrapped: row.dataKeyWrapped } });
    }
  });
});
