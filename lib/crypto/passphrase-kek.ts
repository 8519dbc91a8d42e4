import { randomBytes, scrypt, scryptSync } from "node:crypto";

/**
 * A passphrase as a repository's key-encryption key (docs/decisions/0015): the KEK is
 * scrypt(passphrase, salt), memory-hard so that a wrapped data key taken from the catalog costs an
 * attacker 64 MiB and a good fraction of a second per guess. The settings and the per-repository
 * salt are stored beside the wrapped key as "scrypt:<log2 N>:<r>:<p>:<salt, base64url>", so they
 * can be raised later without breaking older repositories.
 */
const LOG2_N = 16;
const R = 8;
const P = 1;

export function newPassphraseKdf(): string {
  return ["scrypt", LOG2_N, R, P, randomBytes(16).toString("base64url")].join(":");
}

/** The KEK, without blocking the event loop (the web process, on creation and passphrase change). */
export function passphraseKek(passphrase: string, kdf: string): Promise<Buffer> {
  const s = parseKdf(kdf);
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize("NFC"), s.salt, 32, s.options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

// A worker opens the same repository many times (each job, each phase); the KDF is deliberately
// slow, so a process derives each (settings, passphrase) pair once. Keyed by the sealed passphrase,
// which names the passphrase without holding it.
const derived = new Map<string, Buffer>();
const DERIVED_MAX = 64;

/** The KEK, synchronously (opening a repository is synchronous), derived once per process. */
export function passphraseKekSync(passphrase: string, kdf: string, sealedPassphrase: string): Buffer {
  const id = `${kdf}\u0000${sealedPassphrase}`;
  const known = derived.get(id);
  if (known) return known;
  const s = parseKdf(kdf);
  const kek = scryptSync(passphrase.normalize("NFC"), s.salt, 32, s.options);
  if (derived.size >= DERIVED_MAX) derived.delete(derived.keys().next().value!);
  derived.set(id, kek);
  return kek;
}

function parseKdf(kdf: string): { salt: Buffer; options: { N: number; r: number; p: number; maxmem: number } } {
  const [name, log2N, r, p, salt, ...rest] = kdf.split(":");
  const [n, rr, pp] = [Number(log2N), Number(r), Number(p)];
  if (name !== "scrypt" || rest.length > 0 || !salt || ![n, rr, pp].every((v) => Number.isInteger(v) && v > 0) || n > 24) {
    throw new Error(`Unreadable passphrase key settings "${kdf}": expected scrypt:<log2 N>:<r>:<p>:<salt>.`);
  }
  const N = 2 ** n;
  // scrypt needs 128 * N * r bytes; Node refuses more than maxmem (32 MiB by default).
  return { salt: Buffer.from(salt, "base64url"), options: { N, r: rr, p: pp, maxmem: 128 * N * rr * pp + 16 * 1024 * 1024 } };
}

/** The associated data of a sealed passphrase: it opens on its own repository's row only. */
export const passphraseContext = (repositoryId: string) => `repository-passphrase:${repositoryId}`;
