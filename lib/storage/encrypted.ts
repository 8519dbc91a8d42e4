/**
 * An encrypted repository: any Repository (posix, S3) whose objects are stored in Wayback's chunked
 * AES-256-GCM format (docs/decisions/0015-client-side-encryption.md) under the repository's data
 * key. Callers see plaintext only: sizes and sha256 are those of the plaintext, which the catalog
 * keeps, and a read checks every chunk before passing it on.
 */
import { createReadStream } from "node:fs";
import { readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable, pipeline as pipe } from "node:stream";
import { unwrapDataKey } from "@/lib/crypto/data-key";
import { passphraseContext, passphraseKekSync } from "@/lib/crypto/passphrase-kek";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { decryptStream, WrongKeyError } from "@/lib/crypto/decrypt-stream";
import { encryptStream } from "@/lib/crypto/encrypt-stream";
import { EncryptedFormatError, plaintextSize } from "@/lib/domain/encrypted-format";
import { materialiseCopy } from "@/lib/storage/materialise-copy";
import { hashStream, sha256Tap } from "@/lib/storage/sha256-tap";
import { discardStagingDirs, openStagingDir, ownScratchDir } from "@/lib/storage/staging-dirs";
import { ImmutableConflictError, type LocalCopy, type PutOptions, type Repository, type StagingDir, type StoredObject } from "./repository";

/** An object could not be decrypted: the data key is not the one it was written with, or the object was altered or cut short. */
export class UndecryptableObjectError extends Error {
  constructor(repository: string, key: string, cause: Error) {
    const fix =
      cause instanceof WrongKeyError
        ? "The repository's data key is not the one its objects were written with (was the catalog restored from another installation?)."
        : "Do not trust this object: restore from another backup or copy.";
    super(`Cannot decrypt "${key}" in ${repository}: ${cause.message}. ${fix}`, { cause });
    this.name = "UndecryptableObjectError";
  }
}

/** `scratchDir`: where plaintext is written for tools that read or write files themselves (private, on the worker's host). */
export function encryptedRepository(
  inner: Repository,
  dataKey: Buffer,
  scratchDir = path.join(os.tmpdir(), "wayback-decrypted"),
): Repository {
  return new EncryptedRepository(inner, dataKey, scratchDir);
}

class EncryptedRepository implements Repository {
  constructor(
    private readonly inner: Repository,
    private readonly dataKey: Buffer,
    private readonly scratchDir: string,
  ) {}

  describe(): string {
    return `encrypted ${this.inner.describe()}`;
  }

  async put(key: string, source: NodeJS.ReadableStream | Buffer, opts: PutOptions = {}) {
    const tap = sha256Tap();
    let complete = false;
    const counted = async function* (chunks: AsyncIterable<Buffer | string>) {
      yield* tap.stage(chunks);
      complete = true;
    };
    // Errors reach inner.put through the last stage, which pipeline destroys with them.
    const sealed = pipe(Buffer.isBuffer(source) ? Readable.from([source]) : source, counted, encryptStream(this.dataKey), () => undefined);
    try {
      const stored = await this.inner.put(key, sealed, { ...opts, unhashed: true });
      return { key, ...tap.digest(), alreadyPresent: stored.alreadyPresent };
    } catch (err) {
      // Two encryptions of the same plaintext never match (fresh salt and nonces), so an immutable
      // put compares plaintexts: the same contents are success, as for an unencrypted repository.
      if (!(err instanceof ImmutableConflictError) || !complete) throw err;
      const ours = tap.digest();
      const existing = await this.checksum(key, opts.signal);
      if (existing.sha256 !== ours.sha256) throw new ImmutableConflictError(key, existing.sha256, ours.sha256);
      return { ...existing, alreadyPresent: true };
    }
  }

  async get(key: string, opts: { start?: number; signal?: AbortSignal } = {}): Promise<NodeJS.ReadableStream> {
    // Chunks authenticate from the start of the object, so a read from `start` decrypts from 0 and skips.
    const sealed = await this.inner.get(key, { signal: opts.signal });
    const plain = pipe(sealed, decryptStream(this.dataKey), () => undefined);
    return Readable.from(this.decrypting(key, plain, opts.start ?? 0));
  }

  async stat(key: string) {
    const st = await this.inner.stat(key);
    return st && { ...st, size: storedToPlain(st.size) };
  }

  async checksum(key: string, signal?: AbortSignal): Promise<StoredObject> {
    return { key, ...(await hashStream(await this.get(key, { signal }), signal)) };
  }

  async *list(prefix: string): AsyncIterable<{ key: string; size: number }> {
    for await (const o of this.inner.list(prefix)) yield { key: o.key, size: storedToPlain(o.size) };
  }

  remove(key: string): Promise<void> {
    return this.inner.remove(key);
  }

  removePrefix(prefix: string): Promise<void> {
    return this.inner.removePrefix(prefix);
  }

  /** The objects cannot be handed over as they are stored: they are decrypted into a private directory of the worker's scratch space. */
  materialise(prefix: string, opts: { signal?: AbortSignal } = {}): Promise<LocalCopy> {
    return materialiseCopy(this, prefix, this.scratchDir, opts.signal);
  }

  /**
   * The tool writes plaintext into the worker's scratch space, never into the repository (a posix
   * repository would keep a dead worker's plaintext until swept); commit encrypts each file on its
   * way into the inner repository.
   */
  async stagingDir(purpose: string): Promise<StagingDir> {
    return openStagingDir(await ownScratchDir(this.scratchDir), purpose, async (dir, files) => {
      const stored: StoredObject[] = [];
      for (const { rel, key } of files) {
        const { size, sha256 } = await this.put(key, createReadStream(path.join(dir, ...rel.split("/"))));
        stored.push({ key, size, sha256 });
      }
      return stored;
    });
  }

  /** In the part of every worker process on this host: a retried job discards what its dead first attempt staged. */
  async discardStaging(purpose: string): Promise<void> {
    const owners = await readdir(this.scratchDir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return [];
      throw err;
    });
    await Promise.all(owners.map((owner) => discardStagingDirs(path.join(this.scratchDir, owner), purpose)));
  }

  freeBytes(): Promise<number | null> {
    return this.inner.freeBytes();
  }

  private async *decrypting(key: string, plain: AsyncIterable<Buffer>, start: number): AsyncGenerator<Buffer> {
    let skip = start;
    try {
      for await (const chunk of plain) {
        if (skip >= chunk.length) {
          skip -= chunk.length;
          continue;
        }
        yield skip > 0 ? chunk.subarray(skip) : chunk;
        skip = 0;
      }
    } catch (err) {
      if (err instanceof WrongKeyError || err instanceof EncryptedFormatError) {
        throw new UndecryptableObjectError(this.describe(), key, err);
      }
      throw err;
    }
  }
}

/** The plaintext size of a stored object; an object no plaintext encrypts to (cut short, say) keeps its stored size, which matches nothing the catalog recorded. */
function storedToPlain(size: number): number {
  return plaintextSize(size) ?? size;
}

/** The columns of a repository row that say whether and how it is encrypted. */
export type EncryptionRecord = {
  id: string;
  encrypted: boolean;
  dataKeyWrapped: string | null;
  passphraseKdf: string | null;
  passphraseSealed: string | null;
};

/**
 * `inner` as the row says: encrypted with the row's data key, unwrapped by the installation's
 * secret key or by the row's passphrase (itself sealed by the secret key), or as it is. An
 * encrypted row whose key cannot be unwrapped fails here, before anything is read or written.
 */
export function applyRepositoryEncryption(
  row: EncryptionRecord,
  inner: Repository,
  opts: { secretKey: Buffer; scratchDir: string },
): Repository {
  if (!row.encrypted) return inner;
  const where = `Repository ${row.id} (${inner.describe()})`;
  if (row.dataKeyWrapped === null) throw new Error(`${where} is encrypted but has no data key in the catalog.`);
  return encryptedRepository(inner, dataKeyOf(row, row.dataKeyWrapped, opts.secretKey, where), opts.scratchDir);
}

function dataKeyOf(row: EncryptionRecord, wrapped: string, secretKey: Buffer, where: string): Buffer {
  if (row.passphraseKdf === null || row.passphraseSealed === null) {
    try {
      return unwrapDataKey(wrapped, secretKey, row.id);
    } catch (err) {
      throw new Error(
        `${where} is encrypted and its data key cannot be unwrapped: ` +
          "WAYBACK_SECRET_KEY is not the key the repository was created (or last re-keyed) with. Set this host's WAYBACK_SECRET_KEY to that key.",
        { cause: err },
      );
    }
  }
  let passphrase: string;
  try {
    passphrase = decryptSecret(row.passphraseSealed, secretKey, passphraseContext(row.id));
  } catch (err) {
    throw new Error(
      `${where} is encrypted with a passphrase, and the passphrase kept for jobs cannot be opened: ` +
        "WAYBACK_SECRET_KEY is not the key it was sealed with. Set this host's WAYBACK_SECRET_KEY to that key.",
      { cause: err },
    );
  }
  try {
    return unwrapDataKey(wrapped, passphraseKekSync(passphrase, row.passphraseKdf, row.passphraseSealed), row.id);
  } catch (err) {
    throw new Error(
      `${where} is encrypted with a passphrase, and the passphrase kept for jobs does not unlock its data key ` +
        "(it is not the repository's passphrase). Set the repository's passphrase again.",
      { cause: err },
    );
  }
}
