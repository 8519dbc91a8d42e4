import { z } from "zod";

/**
 * The installation's configuration as one document (docs/decisions/0021): repositories, policies,
 * clusters and notification channels, each known by its NAME. Secrets never appear in it: a
 * secret field holds a reference, `{ env: "NAME" }` or `{ file: "/path" }`, resolved by whoever
 * applies the document (the CLI, on the operator's machine). Field values are checked by the same
 * zod schemas the API uses when the plan turns an entry into a create or update input.
 */
export const CONFIG_VERSION = 1;

export const secretRef = z.union(
  [
    z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "An environment variable name: letters, digits and _.") }),
    z.strictObject({ file: z.string().startsWith("/", "Use an absolute path for a secret file.") }),
  ],
  { error: 'Refer to the secret as { env: "NAME" } or { file: "/path" }: secrets are never written inline.' },
);
export type SecretRef = z.infer<typeof secretRef>;

/** The key a resolved secret is sent under: "env:NAME" or "file:/path". */
export const secretKeyOf = (ref: SecretRef): string => ("env" in ref ? `env:${ref.env}` : `file:${ref.file}`);

const optionalSecret = secretRef.nullish();
const name = z.string().trim().min(1, "Give every entry a name.");
/** Everything but names and secret references is checked later by the verbs' own schemas. */
const loose = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);

export const repositoryEntry = loose({
  name,
  kind: z.enum(["posix", "s3"]).default("posix"),
  secretAccessKey: optionalSecret,
  passphrase: optionalSecret,
});

export const policyEntry = loose({ name });

export const clusterEntry = loose({
  name,
  repository: name.nullish(),
  policy: name.nullish(),
  password: optionalSecret,
});

export const channelEntry = loose({
  name,
  kind: z.string(),
  clusters: z.array(name).default([]),
  /** The kind's secret (webhook URL, SMTP password, integration or API key). */
  secret: optionalSecret,
});

export const configDocument = z.strictObject({
  version: z.literal(CONFIG_VERSION, { error: `Write version: ${CONFIG_VERSION}.` }),
  repositories: z.array(repositoryEntry).default([]),
  policies: z.array(policyEntry).default([]),
  clusters: z.array(clusterEntry).default([]),
  channels: z.array(channelEntry).default([]),
  /** Exported for reading only: role mappings live in the server's environment (WAYBACK_OIDC_ROLE_MAP). */
  roleMappings: z.unknown().optional(),
});
export type ConfigDocument = z.infer<typeof configDocument>;
export type RepositoryEntry = z.infer<typeof repositoryEntry>;
export type ClusterEntry = z.infer<typeof clusterEntry>;
export type ChannelEntry = z.infer<typeof channelEntry>;

/** Fields that hold secrets anywhere they appear: an inline string there is refused, naming where. */
const SECRET_FIELDS = new Set(["password", "secretAccessKey", "passphrase", "secret", "url", "routingKey", "apiKey"]);

export type DocumentResult = { ok: true; document: ConfigDocument } | { ok: false; errors: string[] };

/** Checks a parsed YAML/JSON value; errors name their place, e.g. "clusters[0].password". */
export function readConfigDocument(value: unknown): DocumentResult {
  const inline = inlineSecrets(value);
  if (inline.length > 0) {
    return {
      ok: false,
      errors: inline.map((p) => `${p}: a secret is written inline; refer to it as { env: "NAME" } or { file: "/path" } instead.`),
    };
  }
  const parsed = configDocument.safeParse(value);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => `${placeOf(i.path)}: ${i.message}`) };
  return { ok: true, document: parsed.data };
}

function inlineSecrets(value: unknown): string[] {
  if (typeof value !== "object" || value === null) return [];
  const found: string[] = [];
  for (const section of ["repositories", "clusters", "channels"] as const) {
    const list = (value as Record<string, unknown>)[section];
    if (!Array.isArray(list)) continue;
    list.forEach((entry, i) => {
      if (typeof entry !== "object" || entry === null) return;
      for (const [k, v] of Object.entries(entry)) {
        if (SECRET_FIELDS.has(k) && typeof v === "string" && v !== "") found.push(`${section}[${i}].${k}`);
      }
    });
  }
  return found;
}

export const placeOf = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((s, p) => (typeof p === "number" ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), "") || "(document)";

/** POST /api/v1/configuration/plan and /apply: the document as YAML (or JSON) text, and the secrets it refers to. */
export const configApplyInput = z.object({
  document: z
    .string({ error: "Send the configuration document as YAML text in `document`." })
    .max(5_000_000, "Keep the document under 5 MB."),
  /** Values of the document's secret references, keyed "env:NAME" or "file:/path"; never logged. */
  secrets: z.record(z.string(), z.string()).default({}),
  prune: z.boolean({ error: "prune is true or false." }).default(false),
});
export type ConfigApplyInput = z.infer<typeof configApplyInput>;
