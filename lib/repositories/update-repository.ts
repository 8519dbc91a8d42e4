import type { Db } from "@/lib/db/client";
import type { Repository } from "@/lib/db/generated/client";
import { encryptSecret } from "@/lib/crypto/secret-box";
import type { RepositoryUpdateInput } from "@/lib/domain/repository-input";
import { AppError, notFound } from "@/lib/errors/app-error";
import { assertRepositoryNameFree } from "@/lib/repositories/create-repository";
import { s3SecretContext } from "@/lib/storage/open-repository";

const S3_FIELDS = ["region", "endpoint", "forcePathStyle", "storageClass", "accessKeyId", "secretAccessKey", "defaultCredentials"] as const;

/**
 * Renames a repository, changes which worker host holds a directory repository (its later jobs
 * run there), or changes how an S3 repository is reached: region, endpoint, addressing,
 * storage class, key pair. The secret is never shown, so a blank one keeps the stored secret; a new
 * access key id needs its own secret.
 */
export async function updateRepository(db: Db, opts: { id: string; input: RepositoryUpdateInput; secretKey: Buffer }): Promise<Repository> {
  const { id, input } = opts;
  const current = await db.repository.findUnique({ where: { id } });
  if (!current) throw notFound("The repository");
  if (input.name !== undefined) await assertRepositoryNameFree(db, input.name, id);
  const s3Given = S3_FIELDS.filter((f) => input[f] !== undefined);
  if (current.kind !== "s3" && s3Given.length > 0) {
    throw new AppError(
      "validation_failed",
      "Only S3 repositories have these settings.",
      Object.fromEntries(s3Given.map((f) => [f, [`"${current.name}" is a directory repository.`]])),
    );
  }
  if (current.kind !== "posix" && input.workerHost) {
    throw new AppError("validation_failed", "Only directory repositories live on one worker host.", {
      workerHost: [`"${current.name}" is an S3 repository: every worker reaches it.`],
    });
  }
  return db.repository.update({
    where: { id },
    data: {
      name: input.name,
      workerHost: input.workerHost,
      s3Region: input.region,
      s3Endpoint: input.endpoint,
      s3ForcePathStyle: input.forcePathStyle,
      s3StorageClass: input.storageClass,
      ...keyPair(current, input, opts.secretKey),
    },
  });
}

function keyPair(current: Repository, input: RepositoryUpdateInput, secretKey: Buffer) {
  if (input.defaultCredentials) return { s3AccessKeyId: null, s3SecretKeyEncrypted: null };
  const accessKeyId = input.accessKeyId ?? current.s3AccessKeyId;
  const secret = input.secretAccessKey ?? null;
  if (secret === null) {
    // Blank: keep the stored secret, which belongs to the stored key id only.
    if (accessKeyId !== current.s3AccessKeyId) {
      throw new AppError("validation_failed", "A new access key id needs its secret.", {
        secretAccessKey: ["Enter the secret that goes with the new access key id."],
      });
    }
    return {};
  }
  if (accessKeyId === null) {
    throw new AppError("validation_failed", "A secret needs its access key id.", {
      accessKeyId: ["Enter the access key id that goes with the secret."],
    });
  }
  return { s3AccessKeyId: accessKeyId, s3SecretKeyEncrypted: encryptSecret(secret, secretKey, s3SecretContext(current.id)) };
}
