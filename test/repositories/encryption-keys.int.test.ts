// Repository data keys in a real catalog, over real posix repositories; nothing is mocked.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { afterAll, describe, expect, it } from "vitest";
import { createCluster } from "@/lib/clusters/create-cluster";
import { updateCluster } from "@/lib/clusters/update-cluster";
import { unwrapDataKey } from "@/lib/crypto/data-key";
import { createRepository } from "@/lib/repositories/create-repository";
import { changePassphrase } from "@/lib/repositories/change-passphrase";
import { passphraseContext } from "@/lib/crypto/passphrase-kek";
import { encryptionColumns, passphraseColumns } from "@/lib/repositories/encryption-columns";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { channelSecretContext } from "@/lib/notify/channels";
import { rotateSecretKey } from "@/lib/secrets/rotate-secret-key";
import { applyRepositoryEncryption } from "@/lib/storage/encrypted";
import { createPosixRepository } from "@/lib/storage/posix";
import { uniqueName, useCatalog } from "@/test/harness/catalog";

const { db } = useCatalog();
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true }))));

async function encryptedRow(secretKey: Buffer) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-keys-"));
  dirs.push(dir);
  const id = crypto.randomUUID();
  return db.repository.create({
    data: { id, name: uniqueName("enc"), kind: "posix", path: dir, ...encryptionColumns(true, id, secretKey) },
  });
}

const open = (row: Awaited<ReturnType<typeof encryptedRow>>, secretKey: Buffer) =>
  applyRepositoryEncryption(row, createPosixRepository(row.path!), { secretKey, scratchDir: os.tmpdir() });

describe("repository data keys", () => {
  it("a repository created with encrypt gets its own data key, wrapped by the secret key; one without gets none", async () => {
    const secretKey = randomBytes(32);
    const create = async (encrypt: boolean) => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-keys-"));
      dirs.push(dir);
      return createRepository(db, {
        input: { name: uniqueName("new"), kind: "posix", path: dir, encrypt },
        allowedRoots: [os.tmpdir()],
        secretKey,
      });
    };
    const [a, b, plain] = [await create(true), await create(true), await create(false)];
    expect(unwrapDataKey(a.dataKeyWrapped!, secretKey, a.id)).toHaveLength(32);
    expect(unwrapDataKey(a.dataKeyWrapped!, secretKey, a.id).equals(unwrapDataKey(b.dataKeyWrapped!, secretKey, b.id))).toBe(false);
    expect(plain).toMatchObject({ encrypted: false, dataKeyWrapped: null });
    await db.repository.deleteMany({ where: { id: { in: [a.id, b.id, plain.id] } } });
  });

  it("rotating the secret key re-wraps data keys (every object stays readable, none rewritten) and re-seals the other secrets", async () => {
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    const row = await encryptedRow(oldKey);
    await open(row, oldKey).put("c/x", Buffer.from("kept across rotation"));
    const before = await fs.readFile(path.join(row.path!, "c", "x"));
    const channelId = crypto.randomUUID();
    await db.notificationChannel.create({
      data: {
        id: channelId,
        name: uniqueName("hook"),
        kind: "webhook",
        settings: {},
        severities: [],
        clusterIds: [],
        secretEncrypted: encryptSecret("https://hooks.example/t0ken", oldKey, channelSecretContext(channelId)),
      },
    });

    expect(await rotateSecretKey(db, { previousKey: oldKey, secretKey: newKey })).toMatchObject({
      "repository data key": 1,
      "notification channel secret": 1,
    });
    const channel = await db.notificationChannel.findUniqueOrThrow({ where: { id: channelId } });
    expect(decryptSecret(channel.secretEncrypted!, newKey, channelSecretContext(channelId))).toBe("https://hooks.example/t0ken");
    await db.notificationChannel.delete({ where: { id: channelId } });

    const rotated = await db.repository.findUniqueOrThrow({ where: { id: row.id } });
    expect(rotated.dataKeyWrapped).not.toBe(row.dataKeyWrapped);
    expect((await buffer(await open(rotated, newKey).get("c/x"))).toString()).toBe("kept across rotation");
    expect((await fs.readFile(path.join(row.path!, "c", "x"))).equals(before)).toBe(true); // no data rewritten
    expect(() => open(rotated, oldKey)).toThrow(/is encrypted and its data key cannot be unwrapped: WAYBACK_SECRET_KEY is not the key/);
    await db.repository.delete({ where: { id: row.id } }); // its key is under a secret the next test does not know
  });

  it("a value the previous key does not open stops the whole rotation, naming it", async () => {
    const [key, other, next] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const good = await encryptedRow(key);
    const stray = await encryptedRow(other);
    await expect(rotateSecretKey(db, { previousKey: key, secretKey: next })).rejects.toThrow(
      `the previous key does not open the repository data key of "${stray.name}". Nothing was changed.`,
    );
    expect((await db.repository.findUniqueOrThrow({ where: { id: good.id } })).dataKeyWrapped).toBe(good.dataKeyWrapped);
    await db.repository.deleteMany({ where: { id: { in: [good.id, stray.id] } } });
  });

  it("the catalog refuses to turn encryption off (or on) and an encrypted row without a key", async () => {
    const row = await encryptedRow(randomBytes(32));
    await expect(db.repository.update({ where: { id: row.id }, data: { encrypted: false, dataKeyWrapped: null } })).rejects.toThrow(
      /encryption is chosen when a repository is created and cannot be changed/,
    );
    await expect(
      db.repository.create({ data: { name: uniqueName("bad"), kind: "posix", path: row.path!, encrypted: true, dataKeyWrapped: null } }),
    ).rejects.toThrow(/repositories_encryption_key/);
    await db.repository.delete({ where: { id: row.id } });
  });

  it("a cluster archiving with archive_command cannot use an encrypted repository, created or changed", async () => {
    const secretKey = randomBytes(32);
    const row = await encryptedRow(secretKey);
    const input = {
      name: uniqueName("c"),
      host: "127.0.0.1",
      port: 5432,
      username: "u",
      sslmode: "disable" as const,
      repositoryId: row.id,
    };
    const refusal = { code: "validation_failed", fields: { walMode: [expect.stringContaining("choose streaming archiving")] } };
    await expect(createCluster(db, { input: { ...input, walMode: "archive_command" }, secretKey })).rejects.toMatchObject(refusal);
    const { id } = await createCluster(db, { input: { ...input, walMode: "streaming" }, secretKey });
    await expect(updateCluster(db, { id, input: { walMode: "archive_command" }, secretKey })).rejects.toMatchObject(refusal);
    expect((await db.cluster.findUniqueOrThrow({ where: { id } })).walMode).toBe("streaming");
    // Rotations in later tests cover every row of the catalog: none may be under a key they do not know.
    await db.cluster.delete({ where: { id } });
    await db.repository.delete({ where: { id: row.id } });
  });
});

describe("a passphrase as the key-encryption key", () => {
  const PASSPHRASE = "correct horse battery staple";

  async function passphraseRepository(secretKey: Buffer) {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-keys-"));
    dirs.push(dir);
    return createRepository(db, {
      input: { name: uniqueName("pass"), kind: "posix", path: dir, encrypt: true, passphrase: PASSPHRASE },
      allowedRoots: [os.tmpdir()],
      secretKey,
    });
  }

  it("wraps the data key with scrypt(passphrase) and keeps the passphrase sealed for jobs, never in plaintext", async () => {
    const secretKey = randomBytes(32);
    const row = await passphraseRepository(secretKey);
    expect(row.passphraseKdf).toMatch(/^scrypt:16:8:1:[A-Za-z0-9_-]{22}$/);
    expect(JSON.stringify(row)).not.toContain(PASSPHRASE);
    expect(decryptSecret(row.passphraseSealed!, secretKey, passphraseContext(row.id))).toBe(PASSPHRASE);
    expect(() => unwrapDataKey(row.dataKeyWrapped!, secretKey, row.id)).toThrow(); // the secret key does not wrap it
    await open(row, secretKey).put("c/x", Buffer.from("behind a passphrase"));
    expect((await buffer(await open(row, secretKey).get("c/x"))).toString()).toBe("behind a passphrase");
    await db.repository.delete({ where: { id: row.id } });
  });

  it("a kept passphrase that is not the repository's fails on opening, naming the repository; so does another secret key", async () => {
    const secretKey = randomBytes(32);
    const row = await passphraseRepository(secretKey);
    const wrong = { ...row, passphraseSealed: encryptSecret("not the passphrase", secretKey, passphraseContext(row.id)) };
    expect(() => open(wrong, secretKey)).toThrow(
      `Repository ${row.id} (posix:${row.path}) is encrypted with a passphrase, and the passphrase kept for jobs does not unlock its data key`,
    );
    expect(() => open(row, randomBytes(32))).toThrow(/passphrase kept for jobs cannot be opened: WAYBACK_SECRET_KEY is not the key/);
    await db.repository.delete({ where: { id: row.id } });
  });

  it("changing the passphrase needs the current one, re-wraps the same data key and rewrites no object", async () => {
    const secretKey = randomBytes(32);
    const row = await passphraseRepository(secretKey);
    await open(row, secretKey).put("c/x", Buffer.from("kept across the change"));
    const before = await fs.readFile(path.join(row.path!, "c", "x"));
    const NEW = "a different long passphrase";

    await expect(
      changePassphrase(db, { id: row.id, input: { current: "a wrong guess!", passphrase: NEW }, secretKey }),
    ).rejects.toMatchObject({
      code: "validation_failed",
      message: `That is not the passphrase of "${row.name}". Nothing was changed.`,
    });
    expect(await db.repository.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ dataKeyWrapped: row.dataKeyWrapped });

    await changePassphrase(db, { id: row.id, input: { current: PASSPHRASE, passphrase: NEW }, secretKey });
    const changed = await db.repository.findUniqueOrThrow({ where: { id: row.id } });
    expect(changed.passphraseKdf).not.toBe(row.passphraseKdf); // a fresh salt
    expect(decryptSecret(changed.passphraseSealed!, secretKey, passphraseContext(row.id))).toBe(NEW);
    expect((await buffer(await open(changed, secretKey).get("c/x"))).toString()).toBe("kept across the change");
    expect((await fs.readFile(path.join(row.path!, "c", "x"))).equals(before)).toBe(true);
    await expect(changePassphrase(db, { id: row.id, input: { current: PASSPHRASE, passphrase: NEW + "!" }, secretKey })).rejects.toThrow(
      /not the passphrase/,
    );

    // The secret key rotates under it: the passphrase is sealed again, the wrapped data key stays as it is.
    const nextKey = randomBytes(32);
    expect(await rotateSecretKey(db, { previousKey: secretKey, secretKey: nextKey })).toMatchObject({ "repository passphrase": 1 });
    const rotated = await db.repository.findUniqueOrThrow({ where: { id: row.id } });
    expect(rotated.dataKeyWrapped).toBe(changed.dataKeyWrapped);
    expect((await buffer(await open(rotated, nextKey).get("c/x"))).toString()).toBe("kept across the change");
    await db.repository.delete({ where: { id: row.id } });
  });

  it("a repository without a passphrase has none to change", async () => {
    const secretKey = randomBytes(32);
    const row = await encryptedRow(secretKey);
    await expect(changePassphrase(db, { id: row.id, input: { current: "x", passphrase: PASSPHRASE }, secretKey })).rejects.toThrow(
      `"${row.name}" has no passphrase: the installation's secret key protects its data key.`,
    );
    await db.repository.delete({ where: { id: row.id } });
  });

  it("the catalog keeps the passphrase columns together, and only on an encrypted repository", async () => {
    const columns = await passphraseColumns({ repositoryId: crypto.randomUUID(), passphrase: PASSPHRASE, secretKey: randomBytes(32) });
    await expect(
      db.repository.create({
        data: { name: uniqueName("bad"), kind: "posix", path: "/tmp/x", encrypted: false, passphraseKdf: columns.passphraseKdf },
      }),
    ).rejects.toThrow(/repositories_passphrase/);
  });
});
