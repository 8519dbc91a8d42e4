import fs from "node:fs/promises";
import type { S3Settings } from "@/lib/domain/s3-settings";
import { repositoryInput } from "@/lib/domain/repository-input";
import { createRepository } from "@/lib/repositories/create-repository";
import { S3RVER_CREDENTIALS } from "@/test/harness/s3-server";
import type { BenchEnv } from "./env";
import { until } from "./until";
import { registerSource } from "./register-source";

/**
 * The bench's source registered once more, as a cluster whose primary repository is `settings`'
 * S3 location, streaming its WAL there: returns once its receiver streams. The CLI's config
 * file gets the key pair, as on a database host, so restore_command's wal-fetch reads S3.
 */
export async function s3PrimaryCluster(env: BenchEnv, settings: S3Settings, name: string): Promise<{ clusterId: string }> {
  const input = repositoryInput.parse({
    name: `${name}-repository`,
    kind: "s3",
    endpoint: settings.endpoint,
    region: settings.region,
    bucket: settings.bucket,
    prefix: settings.prefix,
    forcePathStyle: settings.forcePathStyle,
    ...S3RVER_CREDENTIALS,
  });
  const repository = await createRepository(env.db, { input, allowedRoots: [], secretKey: env.cfg.secretKey });
  const cliConfig = env.cfg.cli.configFile!;
  if (!(await fs.readFile(cliConfig, "utf8")).includes("S3_ACCESS_KEY_ID=")) {
    await fs.appendFile(
      cliConfig,
      `S3_ACCESS_KEY_ID=${S3RVER_CREDENTIALS.accessKeyId}\nS3_SECRET_ACCESS_KEY=${S3RVER_CREDENTIALS.secretAccessKey}\n`,
    );
  }
  const clusterId = await registerSource(env, { name, repositoryId: repository.id });
  await until(async () => {
    const receiver = await env.db.walReceiver.findUnique({ where: { clusterId } });
    return receiver?.state === "streaming"
      ? { done: true }
      : {
          done: false,
          missing: `the receiver of ${name} to stream (it is ${receiver?.state ?? "not started"}: ${receiver?.lastError ?? ""})`,
        };
  });
  return { clusterId };
}
