import type { Config } from "@/lib/config";
import { decryptSecret } from "@/lib/crypto/secret-box";
import type { Repository as RepositoryRow } from "@/lib/db/generated/client";
import { repositoryLocation } from "@/lib/domain/repository-location";
import type { S3Credentials } from "@/lib/domain/s3-settings";
import { resolveRepositoryRoot } from "@/lib/storage/allowed-roots";
import { applyRepositoryEncryption } from "@/lib/storage/encrypted";
import { createPosixRepository } from "@/lib/storage/posix";
import type { Repository } from "@/lib/storage/repository";
import { createS3Repository } from "@/lib/storage/s3";
import { scratchDirsOf } from "@/lib/storage/staging-dirs";

/** The columns of a repository row that opening it reads. */
export type RepositoryRecord = Pick<
  RepositoryRow,
  | "id"
  | "kind"
  | "path"
  | "s3Endpoint"
  | "s3Region"
  | "s3Bucket"
  | "s3Prefix"
  | "s3ForcePathStyle"
  | "s3StorageClass"
  | "s3AccessKeyId"
  | "s3SecretKeyEncrypted"
  | "encrypted"
  | "dataKeyWrapped"
  | "passphraseKdf"
  | "passphraseSealed"
>;

/** What a process needs of its configuration to open repositories (the worker passes its Config). */
export type StorageAccess = Pick<Config, "repoRoots" | "secretKey" | "spoolDir">;

/** The associated data of an S3 repository's encrypted secret: it decrypts on its own row only. */
export const s3SecretContext = (repositoryId: string) => `repository:${repositoryId}:s3-secret`;

/** For readers: a posix repository as its stored path says, an S3 repository with its decrypted key pair. */
export function openRepository(row: RepositoryRecord, access: StorageAccess): Repository {
  return applyRepositoryEncryption(
    row,
    open(row, access, (p) => p),
    encryptionAccess(access),
  );
}

/**
 * For writers: the repository, after checking on this host (symlinks resolved) that a posix
 * repository's directory is inside the roots the operator allowed. The web process checked the
 * path as text when it was saved; only the host that writes can check what it really points to.
 */
export function openRepositoryForWriting(row: RepositoryRecord, access: StorageAccess): Repository {
  return applyRepositoryEncryption(
    row,
    open(row, access, (p) => resolveRepositoryRoot(p, access.repoRoots)),
    encryptionAccess(access),
  );
}

/** Plaintext for tools that read or write files lives next to the receivers' spool, on the worker's host, never in the repository. */
const encryptionAccess = (access: StorageAccess) => ({ secretKey: access.secretKey, scratchDir: scratchDirsOf(access.spoolDir).decrypted });

function open(row: RepositoryRecord, access: StorageAccess, posixRoot: (p: string) => string): Repository {
  const where = repositoryLocation(row);
  if (where.kind === "posix") return createPosixRepository(posixRoot(where.path));
  return createS3Repository(
    { ...where.location, credentials: s3Credentials(row, access.secretKey) },
    // Objects a tool reads as files are downloaded here, next to the receivers' spool.
    { scratchDir: scratchDirsOf(access.spoolDir).objects },
  );
}

/** null: the process's default AWS credential chain (environment, profile, instance role). */
function s3Credentials(row: RepositoryRecord, secretKey: Buffer): S3Credentials | null {
  if (row.s3AccessKeyId === null || row.s3SecretKeyEncrypted === null) return null;
  return { accessKeyId: row.s3AccessKeyId, secretAccessKey: decryptSecret(row.s3SecretKeyEncrypted, secretKey, s3SecretContext(row.id)) };
}
