import { z } from "zod";
import { noControlCharacters } from "./text-input";
import { workerHostSchema } from "./worker-host";

/**
 * A repository path must be absolute, plain (no "..", ".", empty segments) and inside one of the
 * roots the operator allowed (WAYBACK_REPO_ROOTS): the dashboard must not become a way to make
 * the worker write anywhere on its host. Symbolic links are resolved when the repository is created
 * (lib/repositories/create-repository.ts) and again by the worker before writing.
 */
export function isInsideRoots(p: string, roots: readonly string[]): boolean {
  return roots.some((root) => {
    const r = root.endsWith("/") ? root : `${root}/`;
    return p === root || p.startsWith(r);
  });
}

export const repositoryPath = z
  .string()
  .trim()
  .min(1, "Enter the directory that will hold backups and WAL.")
  .max(1000, "Keep the path under 1000 characters.")
  .refine((p) => p.startsWith("/"), "Use an absolute path, e.g. /var/lib/wayback/repo.")
  .refine(...noControlCharacters("path"))
  .refine((p) => !p.includes("\\"), "The path cannot contain backslashes.")
  .refine(
    (p) =>
      p === "/" ||
      p
        .replace(/\/$/, "")
        .split("/")
        .slice(1)
        .every((s) => s !== "" && s !== "." && s !== ".."),
    "Write the path without '..', '.' or doubled slashes.",
  )
  .transform((p) => (p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p));

const repositoryName = z
  .string()
  .trim()
  .min(1, "Give the repository a name.")
  .max(100, "Keep the name to 100 characters or fewer.")
  .refine(...noControlCharacters("name"));

/** Blank text in a form means "not set". */
const blankAsNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);

/** AWS's bucket naming rules, which S3-compatible stores follow too. */
export const s3Bucket = z
  .string({ error: "Enter the bucket's name." })
  .trim()
  .min(3, "Bucket names are 3 to 63 characters long.")
  .max(63, "Bucket names are 3 to 63 characters long.")
  .regex(/^[a-z0-9.-]+$/, "Bucket names use lowercase letters, digits, dots and hyphens only.")
  .regex(/^[a-z0-9].*[a-z0-9]$/, "Bucket names begin and end with a letter or digit.")
  .refine((b) => !b.includes(".."), "Bucket names cannot contain two dots in a row.")
  .refine((b) => !/^\d+\.\d+\.\d+\.\d+$/.test(b), "A bucket name cannot look like an IP address.");

const s3Region = z
  .string({ error: "Enter the region, e.g. us-east-1 (most S3-compatible stores accept any, e.g. us-east-1)." })
  .trim()
  .min(1, "Enter the region, e.g. us-east-1 (most S3-compatible stores accept any, e.g. us-east-1).")
  .max(64, "Regions are at most 64 characters, e.g. eu-west-3.")
  .regex(/^[a-z0-9-]+$/, "Regions are lowercase letters, digits and hyphens, e.g. eu-west-3.");

/** Only for S3-compatible stores; AWS itself is reached by region. */
const s3Endpoint = z.preprocess(
  blankAsNull,
  z
    .string()
    .trim()
    .max(500, "Keep the endpoint under 500 characters.")
    .refine(
      (e) => URL.canParse(e) && /^https?:$/.test(new URL(e).protocol),
      "Use an http:// or https:// URL, e.g. https://minio.example.com:9000.",
    )
    .refine(
      (e) => !URL.canParse(e) || (!new URL(e).username && !new URL(e).password),
      "Put the access key in its own fields, not in the URL.",
    )
    .refine(
      (e) => !URL.canParse(e) || (!new URL(e).search && !new URL(e).hash),
      "The endpoint is the store's address only: no ?query or #fragment.",
    )
    .transform((e) => e.replace(/\/+$/, ""))
    .nullable(),
);

/** Keys of the repository sit under this prefix: "" (the whole bucket) or segments ending in '/'. */
const s3Prefix = z
  .string()
  .trim()
  .max(512, "Keep the prefix under 512 characters.")
  .refine(...noControlCharacters("prefix"))
  .refine((p) => !p.startsWith("/"), "Write the prefix without a leading '/', e.g. wayback/production/.")
  .refine((p) => p === "" || p.endsWith("/"), "End the prefix with '/', e.g. wayback/production/.")
  .refine(
    (p) =>
      p === "" ||
      p
        .slice(0, -1)
        .split("/")
        .every((s) => s !== "" && s !== "." && s !== ".."),
    "Write the prefix without '..', '.' or doubled slashes.",
  )
  .default("");

/** Classes whose objects can be read at once: a restore cannot wait hours for a Glacier thaw. */
export const S3_STORAGE_CLASSES = [
  "STANDARD",
  "STANDARD_IA",
  "ONEZONE_IA",
  "INTELLIGENT_TIERING",
  "GLACIER_IR",
  "REDUCED_REDUNDANCY",
] as const;
const s3StorageClass = z.preprocess(
  blankAsNull,
  z
    .enum(S3_STORAGE_CLASSES, {
      error: `Choose one of ${S3_STORAGE_CLASSES.join(", ")}, or leave it blank for the bucket's default (archive classes cannot be restored from directly).`,
    })
    .nullable(),
);

const s3AccessKeyId = z.preprocess(
  blankAsNull,
  z
    .string()
    .trim()
    .max(128, "Access key ids are at most 128 characters.")
    .regex(/^[\x21-\x7e]+$/, "The access key id is printable characters without spaces.")
    .nullable(),
);

// Not trimmed: a secret is taken exactly as pasted, except that blank means "none".
const s3SecretAccessKey = z.preprocess(
  blankAsNull,
  z
    .string()
    .max(256, "Secret access keys are at most 256 characters.")
    .refine(...noControlCharacters("secret access key"))
    .nullable(),
);

/** Client-side encryption (docs/decisions/0015), chosen at creation: it cannot be turned off later. */
const encrypt = z.boolean({ error: "encrypt is true or false." }).default(false);

/**
 * A passphrase as the key-encryption key instead of the installation's secret key. Taken exactly
 * as typed (not trimmed); long, because a wrapped key taken from the catalog can be attacked
 * offline, one (memory-hard) guess at a time.
 */
export const repositoryPassphrase = z
  .string({ error: "The passphrase is text." })
  .min(12, "Use a passphrase of at least 12 characters (several words are easier to remember).")
  .max(1024, "Keep the passphrase to 1024 characters or fewer.")
  .refine(...noControlCharacters("passphrase"));

// Absent, null or blank: none (the installation's secret key wraps the data key).
const passphrase = z.preprocess(blankAsNull, repositoryPassphrase.nullish());

/** A passphrase protects an encryption key: without encryption there is none. */
function passphraseNeedsEncrypt(v: { encrypt: boolean; passphrase?: string | null }, ctx: z.RefinementCtx) {
  if (v.passphrase && !v.encrypt) {
    ctx.addIssue({
      code: "custom",
      path: ["passphrase"],
      message: "A passphrase protects the encryption key: choose encrypt too, or leave the passphrase out.",
    });
  }
}

/**
 * The worker host whose disk holds a posix repository's directory: its jobs run there (decision
 * 0026). Blank or null: a shared mount every worker host reaches.
 */
const repositoryWorkerHost = z.preprocess(blankAsNull, workerHostSchema.nullable());

const posixRepositoryInput = z
  .object({
    name: repositoryName,
    kind: z.literal("posix").default("posix"),
    path: repositoryPath,
    /** Omitted: a shared mount. */
    workerHost: repositoryWorkerHost.optional(),
    encrypt,
    passphrase,
  })
  .superRefine(passphraseNeedsEncrypt);

const s3ForcePathStyle = z.boolean({ error: "forcePathStyle is true or false." });

/** Without an access key pair the worker and the CLI use the default AWS credential chain. */
const s3RepositoryInput = z
  .object({
    name: repositoryName,
    kind: z.literal("s3"),
    endpoint: s3Endpoint.default(null),
    region: s3Region,
    bucket: s3Bucket,
    prefix: s3Prefix,
    forcePathStyle: s3ForcePathStyle.default(false),
    storageClass: s3StorageClass.default(null),
    accessKeyId: s3AccessKeyId.default(null),
    secretAccessKey: s3SecretAccessKey.default(null),
    encrypt,
    passphrase,
  })
  .superRefine(passphraseNeedsEncrypt)
  .superRefine((v, ctx) => {
    if (v.accessKeyId !== null && v.secretAccessKey === null) {
      ctx.addIssue({ code: "custom", path: ["secretAccessKey"], message: "Enter the secret that goes with the access key id." });
    }
    if (v.accessKeyId === null && v.secretAccessKey !== null) {
      ctx.addIssue({ code: "custom", path: ["accessKeyId"], message: "Enter the access key id that goes with the secret." });
    }
  });

export const repositoryInput = z.discriminatedUnion("kind", [posixRepositoryInput, s3RepositoryInput], {
  error: "Choose the kind: posix (a directory on the worker's host) or s3 (an S3-compatible bucket).",
});
export type RepositoryInput = z.infer<typeof repositoryInput>;
export type S3RepositoryInput = z.infer<typeof s3RepositoryInput>;

const fixed = (what: string) =>
  z.never({ error: `The ${what} cannot change: the repository's backups and WAL are there. Add a new repository instead.` }).optional();

/**
 * PATCH /api/v1/repositories/:id. An absent field keeps the stored value (no defaults here: zod 4
 * would apply them to absent fields). Where the data lies (kind, path, bucket, prefix) is fixed.
 * The secret access key is never shown, so a blank one keeps the stored secret; `defaultCredentials`
 * forgets the stored key pair for the worker's default AWS credential chain.
 */
export const repositoryUpdateInput = z
  .object({
    name: repositoryName.optional(),
    region: s3Region.optional(),
    endpoint: s3Endpoint.optional(),
    forcePathStyle: s3ForcePathStyle.optional(),
    storageClass: s3StorageClass.optional(),
    accessKeyId: s3AccessKeyId.optional(),
    secretAccessKey: s3SecretAccessKey.optional(),
    defaultCredentials: z.literal(true, { error: "defaultCredentials is true, or left out." }).optional(),
    /** posix only: the host that now holds the directory, or null for a shared mount. */
    workerHost: repositoryWorkerHost.optional(),
    kind: fixed("kind"),
    path: fixed("path"),
    bucket: fixed("bucket"),
    prefix: fixed("prefix"),
  })
  .superRefine((v, ctx) => {
    if (v.defaultCredentials && (v.accessKeyId || v.secretAccessKey)) {
      ctx.addIssue({
        code: "custom",
        path: ["defaultCredentials"],
        message: "Give a new key pair or the default credential chain, not both.",
      });
    }
  });
export type RepositoryUpdateInput = z.infer<typeof repositoryUpdateInput>;

/** POST /api/v1/repositories/:id/passphrase: the current passphrase proves the change is wanted. */
export const passphraseChangeInput = z
  .object({
    current: z.string({ error: "Enter the repository's current passphrase." }).min(1, "Enter the repository's current passphrase."),
    passphrase: repositoryPassphrase,
  })
  .refine((v) => v.current !== v.passphrase, { path: ["passphrase"], message: "The new passphrase is the current one: choose another." });
export type PassphraseChangeInput = z.infer<typeof passphraseChangeInput>;
