import type { Db } from "@/lib/db/client";
import type { ConfigDocument, SecretRef } from "@/lib/domain/config-document";
import { CONFIG_VERSION } from "@/lib/domain/config-document";
import type { CurrentState } from "@/lib/domain/config-plan";
import type { OidcSettings } from "@/lib/domain/oidc-settings";
import { policyInput } from "@/lib/domain/policy-input";
import { hostWishFor } from "@/lib/domain/database-hosts";

/**
 * The catalog as a configuration document. A stored secret cannot be exported: its place holds an
 * `{ env: … }` reference with a suggested variable name, for the operator to fill in before applying
 * to another installation (applying to this one never re-sends a secret: see planConfiguration).
 */
export async function exportConfiguration(db: Db, opts: { oidc?: OidcSettings | null } = {}): Promise<ConfigDocument> {
  return (await readCurrentState(db, opts)).document;
}

/** The exported document and what the planner needs besides (backups per cluster). */
export async function readCurrentState(db: Db, opts: { oidc?: OidcSettings | null } = {}): Promise<CurrentState> {
  const [repositories, policies, clusters, channels] = await Promise.all([
    db.repository.findMany({ orderBy: { name: "asc" } }),
    db.policy.findMany({ orderBy: { name: "asc" } }),
    db.cluster.findMany({
      orderBy: { name: "asc" },
      include: { repository: { select: { name: true } }, policy: { select: { name: true } }, _count: { select: { backups: true } } },
    }),
    db.notificationChannel.findMany({ orderBy: { name: "asc" } }),
  ]);
  const clusterNames = new Map(clusters.map((c) => [c.id, c.name]));
  const policyFields = Object.keys(policyInput.shape) as (keyof typeof policyInput.shape)[];
  const document: ConfigDocument = {
    version: CONFIG_VERSION,
    repositories: repositories.map((r) => ({
      name: r.name,
      kind: r.kind,
      ...(r.kind === "posix"
        ? { path: r.path }
        : {
            endpoint: r.s3Endpoint,
            region: r.s3Region,
            bucket: r.s3Bucket,
            prefix: r.s3Prefix,
            forcePathStyle: r.s3ForcePathStyle,
            storageClass: r.s3StorageClass,
            accessKeyId: r.s3AccessKeyId,
            secretAccessKey: r.s3SecretKeyEncrypted === null ? null : placeholder("repository", r.name, "secret access key"),
          }),
      encrypt: r.encrypted,
      ...(r.passphraseKdf === null ? {} : { passphrase: placeholder("repository", r.name, "passphrase") }),
    })),
    policies: policies.map((p) => ({ name: p.name, ...Object.fromEntries(policyFields.map((f) => [f, p[f]])) })),
    clusters: clusters.map((c) => ({
      name: c.name,
      host: c.host,
      port: c.port,
      otherHosts: c.otherHosts,
      backupFrom: hostWishFor(c.backupFrom),
      database: c.database,
      username: c.username,
      password: c.passwordEncrypted === null ? null : placeholder("cluster", c.name, "password"),
      sslmode: c.sslmode.replace("_", "-"),
      repository: c.repository?.name ?? null,
      policy: c.policy?.name ?? null,
      compression: c.compression,
      walMode: c.walMode,
      backupMaxRateKb: c.backupMaxRateKb,
      localDataDir: c.localDataDir,
      rpoTargetSeconds: c.rpoTargetSeconds,
      synchronousReceive: c.synchronousReceive,
      backupEveryHours: c.backupEveryHours,
    })),
    channels: channels.map((ch) => {
      // The redacted target is for display; the URL itself is the channel's secret.
      const { target: _shown, ...settings } = (ch.settings ?? {}) as Record<string, unknown>;
      return {
        name: ch.name,
        kind: ch.kind,
        enabled: ch.enabled,
        severities: readStringList(ch.severities),
        clusters: readStringList(ch.clusterIds).map((id) => clusterNames.get(id) ?? id),
        ...settings,
        secret: ch.secretEncrypted === null ? null : placeholder("channel", ch.name, "secret"),
      };
    }),
    ...(opts.oidc ? { roleMappings: { claim: opts.oidc.roleClaim, map: opts.oidc.roleMap, defaultRole: opts.oidc.defaultRole } } : {}),
  };
  return { document, backupCounts: Object.fromEntries(clusters.map((c) => [c.name, c._count.backups])) };
}

/** e.g. WAYBACK_CLUSTER_PROD_DB_PASSWORD: a suggestion, since the catalog cannot know the operator's name for it. */
function placeholder(kind: string, name: string, what: string): SecretRef {
  return { env: `WAYBACK_${kind}_${name}_${what}`.toUpperCase().replace(/[^A-Z0-9_]+/g, "_") };
}

const readStringList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
