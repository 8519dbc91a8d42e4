import { z } from "zod";
import { ROUTE_KEYS, ROUTE_RULES } from "@/app/api/route-rules";
import { splitRouteKey, type RouteRule } from "@/lib/http/route-rule";

type JsonSchema = Record<string, unknown>;

const errorSchema: JsonSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string" },
        message: { type: "string" },
        fields: {
          type: "object",
          additionalProperties: { type: "array", items: { type: "string" } },
          description: "Messages per invalid field (400).",
        },
      },
    },
  },
};

const ERRORS: Record<string, string> = {
  "400": "The request does not validate; error.fields says why per field.",
  "401": "No valid session or API token.",
  "403": "The caller's role is too low, or a browser write came from another origin.",
  "404": "Not found.",
  "409": "Conflicts with the current state.",
};

/**
 * The OpenAPI 3.1 description of /api/v1, built from the same rules and zod schemas that
 * route() enforces: a route appears here as soon as it has a rule.
 */
export function openApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const key of ROUTE_KEYS) {
    const rule: RouteRule = ROUTE_RULES[key];
    const { method, path } = splitRouteKey(key);
    const openApiPath = path.replace(/\[([^\]]+)\]/g, "{$1}");
    (paths[openApiPath] ??= {})[method.toLowerCase()] = operation(key, rule, path);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Wayback API",
      version: "1",
      description:
        "PostgreSQL backup and recovery. Authenticate with `Authorization: Bearer <token>` (an API token an admin created) or the session cookie set by POST /api/v1/session. Each operation's x-required-role names the least role that may call it (viewer < operator < admin).",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API token (wbt_…)." },
        session: { type: "apiKey", in: "cookie", name: "wayback_session" },
      },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}

function operation(key: string, rule: RouteRule, path: string): JsonSchema {
  const parameters: JsonSchema[] = [...path.matchAll(/\[([^\]]+)\]/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "string", format: "uuid" },
  }));
  if (rule.query) {
    const q = toSchema(rule.query);
    const required = new Set((q.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((q.properties as Record<string, JsonSchema> | undefined) ?? {})) {
      parameters.push({ name, in: "query", required: required.has(name), schema });
    }
  }
  const responses: Record<string, JsonSchema> = {
    "200": { description: "OK", content: { "application/json": { schema: { type: "object" } } } },
  };
  for (const [status, description] of Object.entries(ERRORS)) {
    if (status === "400" && !rule.body && !rule.query) continue;
    if ((status === "401" || status === "403") && rule.role === "public") continue;
    responses[status] = { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
  }
  return {
    operationId: key.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, ""),
    summary: rule.summary,
    tags: [path.split("/")[3] ?? "api"],
    "x-required-role": rule.role,
    security: rule.role === "public" ? [] : [{ bearer: [] }, { session: [] }],
    ...(parameters.length ? { parameters } : {}),
    ...(rule.body ? { requestBody: { required: true, content: { "application/json": { schema: toSchema(rule.body) } } } } : {}),
    responses,
  };
}

// What a client sends ("input"): defaults make fields optional, coercions accept strings.
function toSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return rest;
}
