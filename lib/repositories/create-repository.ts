import type { Db } from "@/lib/db/client";
import type { Repository } from "@/lib/db/generated/client";
import { isInsideRoots, type RepositoryInput, type S3RepositoryInput } from "@/lib/domain/repository-input";
import { AppError } from "@/lib/errors/app-error";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { encryptionColumns, passphraseColumns } from "@/lib/repositories/encryption-columns";
import { RepositoryRootError, resolveRepositoryRoot } from "@/lib/storage/allowed-roots";
import { s3SecretContext } from "@/lib/storage/open-repository";

/**
 * Saves a repository. A posix path must be inside the allowed roots as written and once symbolic
 * links are followed: a link under a root that points elsewhere is refused now, with the place it
 * leads to, not at the first backup. The path is stored as typed; the worker resolves it again
 * before every write, since links can change after this check. An S3 repository's secret access
 * key is stored encrypted with the installation key, bound to the row's id. An encrypted
 * repository's data key is wrapped by the installation key, or by the passphrase when one is given.
 */
export async function createRepository(
  db: Db,
  opts: { input: RepositoryInput; allowedRoots: string[]; secretKey: Buffer },
): Promise<Repository> {
  const { input, allowedRoots } = opts;
  if (input.kind === "posix") checkPosixPath(input.path, allowedRoots);
  await assertRepositoryNameFree(db, input.name);
  const id = crypto.randomUUID();
  const encryption = !input.passphrase
    ? encryptionColumns(input.encrypt, id, opts.secretKey)
    : await passphraseColumns({ repositoryId: id, passphrase: input.passphrase, secretKey: opts.secretKey });
  if (input.kind === "posix")
    return db.repository.create({
      data: { id, name: input.name, kind: "posix", path: input.path, workerHost: input.workerHost ?? null, ...encryption },
    });
  return db.repository.create({ data: { id, name: input.name, kind: "s3", ...s3Columns(input, id, opts.secretKey), ...encryption } });
}

export async function assertRepositoryNameFree(db: Db, name: string, exceptId?: string): Promise<void> {
  const holder = await db.repository.findUnique({ where: { name }, select: { id: true } });
  if (holder && holder.id !== exceptId) {
    throw new AppError("conflict", `A repository named "${name}" already exists.`, { name: ["Another repository already has this name."] });
  }
}

function checkPosixPath(p: string, allowedRoots: string[]): void {
  if (!isInsideRoots(p, allowedRoots)) {
    const roots = allowedRoots.length ? allowedRoots.join(", ") : "(none configured)";
    throw new AppError("validation_failed", "That path is outside the allowed repository roots.", {
      path: [`Repositories must be under ${roots} (WAYBACK_REPO_ROOTS).`],
    });
  }
  try {
    resolveRepositoryRoot(p, allowedRoots);
  } catch (err) {
    if (!(err instanceof RepositoryRootError)) throw err;
    throw new AppError("validation_failed", `That path cannot hold a repository: ${err.message}`, { path: [err.message] });
  }
}

function s3Columns(input: S3RepositoryInput, id: string, secretKey: Buffer) {
  return {
    s3Endpoint: input.endpoint,
    s3Region: input.region,
    s3Bucket: input.bucket,
    s3Prefix: input.prefix,
    s3ForcePathStyle: input.forcePathStyle,
    s3StorageClass: input.storageClass,
    s3AccessKeyId: input.accessKeyId,
    s3SecretKeyEncrypted: input.secretAccessKey === null ? null : encryptSecret(input.secretAccessKey, secretKey, s3SecretContext(id)),
  };
}
