import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { ClusterCreateInput } from "@/lib/domain/cluster-input";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { toDbSslMode } from "@/lib/clusters/ssl-mode";
import { AppError } from "@/lib/http/app-error";

export const passwordContext = (clusterId: string) => `cluster:${clusterId}:password`;

export async function createCluster(db: Db, opts: { input: ClusterCreateInput; secretKey: Buffer }): Promise<{ id: string }> {
  const { input, secretKey } = opts;
  await assertNameFree(db, input.name);
  const id = randomUUID();
  await db.cluster.create({
    data: {
      id,
      name: input.name,
      host: input.host,
      port: input.port,
      database: input.database,
      username: input.username,
      sslmode: toDbSslMode(input.sslmode),
      passwordEncrypted: input.password ? encryptSecret(input.password, secretKey, passwordContext(id)) : null,
    },
  });
  return { id };
}

export async function assertNameFree(db: Db, name: string, exceptId?: string): Promise<void> {
  const other = await db.cluster.findUnique({ where: { name }, select: { id: true } });
  if (other && other.id !== exceptId) {
    throw new AppError("conflict", `A cluster named "${name}" already exists.`, { name: ["Another cluster already has this name."] });
  }
}
