import { z } from "zod";

export const SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] as const;
export type SslMode = (typeof SSL_MODES)[number];

// Host names per RFC 1123 labels, IPv4, or bracket-less IPv6; no spaces, no shell or URL syntax.
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|[0-9A-Fa-f:.]+)$/;

const isControl = (ch: string) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f;

const name = z
  .string()
  .trim()
  .min(1, "Give the cluster a name.")
  .max(100, "Keep the name to 100 characters or fewer.")
  .refine((v) => ![...v].some(isControl), "The name cannot contain control characters.");

const host = z
  .string()
  .trim()
  .min(1, "Enter the host name or IP address of the PostgreSQL server.")
  .max(253, "Host names are at most 253 characters.")
  .regex(HOST, "Enter a host name (db1.example.com) or an IP address, without a port or scheme.");

const port = z.coerce
  .number({ error: "Enter a port number." })
  .int("The port is a whole number.")
  .min(1, "Ports range from 1 to 65535.")
  .max(65535, "Ports range from 1 to 65535.");

// PostgreSQL identifiers are at most 63 bytes (NAMEDATALEN - 1).
const identifier = (what: string) =>
  z
    .string()
    .min(1, `Enter the ${what}.`)
    .refine((v) => new TextEncoder().encode(v).length <= 63, `PostgreSQL limits the ${what} to 63 bytes.`)
    .refine((v) => !v.includes("\u0000"), `The ${what} cannot contain a NUL character.`);

const password = z.string().max(1000, "Passwords are limited to 1000 characters.");

/** What a user submits to register a cluster (UI form and POST /api/v1/clusters). */
export const clusterCreateInput = z.object({
  name,
  host,
  port: port.default(5432),
  database: identifier("database name").default("postgres"),
  username: identifier("user name"),
  password: password.optional(),
  sslmode: z.enum(SSL_MODES, { error: "Choose one of: " + SSL_MODES.join(", ") + "." }).default("prefer"),
});
export type ClusterCreateInput = z.infer<typeof clusterCreateInput>;

/**
 * PATCH /api/v1/clusters/:id. An absent password keeps the stored one; `null` removes it.
 */
export const clusterUpdateInput = clusterCreateInput
  .omit({ password: true })
  .partial()
  .extend({ password: password.nullable().optional() });
export type ClusterUpdateInput = z.infer<typeof clusterUpdateInput>;
