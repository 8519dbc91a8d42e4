// The route rule table (app/api/route-rules.ts) is the one source of who may call what: every
// exported handler of every app/api/**/route.ts must have a rule and be built from it with
// route("<its key>", …), every rule must have a handler, every write is audited without secrets,
// and the OpenAPI document describes exactly the rules.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROUTE_KEYS, ROUTE_RULES } from "@/app/api/route-rules";
import { splitRouteKey, type RouteRule } from "@/lib/http/route-rule";
import { openApiDocument } from "@/app/api/openapi-document";

const ROOT = path.resolve(import.meta.dirname, "../..");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** Every route file under app/ and the HTTP methods it exports, as "METHOD /path" keys. */
function routeFiles(): { file: string; key: string; method: string }[] {
  const found: { file: string; key: string; method: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^route\.(ts|tsx|js)$/.test(entry.name)) {
        const source = fs.readFileSync(full, "utf8");
        const urlPath =
          "/" +
          path
            .relative(path.join(ROOT, "app"), dir)
            .split(path.sep)
            .filter((s) => !/^\(.*\)$/.test(s))
            .join("/");
        for (const method of METHODS) {
          const exported = new RegExp(
            `export\\s+(const|let|var|async\\s+function|function)\\s+${method}\\b|export\\s*\\{[^}]*\\b${method}\\b[^}]*\\}`,
          ).test(source);
          if (exported) found.push({ file: path.relative(ROOT, full), key: `${method} ${urlPath}`, method });
        }
      }
    }
  };
  walk(path.join(ROOT, "app"));
  return found;
}

const routes = routeFiles();
const rules = ROUTE_RULES as Record<string, RouteRule>;

describe("route rule table", () => {
  it("finds the route files", () => {
    expect(routes.length).toBeGreaterThan(40);
  });

  it("has a rule for every exported handler", () => {
    const missing = routes.filter((r) => !(r.key in rules));
    const advice = missing.map(
      (r) =>
        `${r.file} exports ${r.method} but app/api/route-rules.ts has no rule for it. Add to ROUTE_RULES:\n` +
        `  "${r.key}": { role: "viewer" | "operator" | "admin", summary: "…"${r.method === "GET" ? "" : ', body: <zod schema, if it takes JSON>, audit: { action: "<noun>.<verb>", fields: [<body fields safe to record>] }'} },\n` +
        `and build the handler from it: export const ${r.method} = route("${r.key}", async (ctx) => …);`,
    );
    expect(advice.join("\n\n")).toBe("");
  });

  it("builds every handler with route() and the rule of its own file and method", async () => {
    const wrong: string[] = [];
    for (const r of routes) {
      const mod = (await import(path.join(ROOT, r.file))) as Record<string, { routeKey?: string }>;
      if (mod[r.method]?.routeKey !== r.key) {
        wrong.push(
          `${r.file}: ${r.method} is built with ${mod[r.method]?.routeKey ? `route("${mod[r.method]!.routeKey}")` : "something other than route()"}; write export const ${r.method} = route("${r.key}", …)`,
        );
      }
    }
    expect(wrong.join("\n")).toBe("");
    // Importing every route module (and what they import) takes seconds on a loaded machine: the
    // check is about what they export, not how fast they load.
  }, 120_000);

  it("has no rule without a handler", () => {
    const keys = new Set(routes.map((r) => r.key));
    expect(ROUTE_KEYS.filter((k) => !keys.has(k))).toEqual([]);
  });

  it("audits every write and no read", () => {
    for (const key of ROUTE_KEYS) {
      // The single sign-on callback is a GET because the provider redirects the browser to it, and it signs in.
      const isRead = splitRouteKey(key).method === "GET" && key !== "GET /api/v1/session/oidc/callback";
      expect(
        Boolean(rules[key]!.audit),
        `${key}: ${isRead ? "reads are not audited" : 'writes need audit: { action: "<noun>.<verb>" }'}`,
      ).toBe(!isRead);
    }
  });

  it("records no field that could hold a secret", () => {
    for (const key of ROUTE_KEYS) {
      for (const field of rules[key]!.audit?.fields ?? []) {
        expect(field, key).not.toMatch(/pass|secret|token|key|url|confirm|comment/i);
      }
    }
  });

  it("lets only signing in through without a role", () => {
    expect(ROUTE_KEYS.filter((k) => rules[k]!.role === "public")).toEqual([
      "POST /api/v1/session",
      "GET /api/v1/session/oidc/start",
      "GET /api/v1/session/oidc/callback",
      "GET /healthz",
      "GET /readyz",
      "GET /metrics",
    ]);
  });
});

describe("OpenAPI document", () => {
  const doc = openApiDocument() as { openapi: string; paths: Record<string, Record<string, Record<string, unknown>>> };

  it("describes every rule, with its role, parameters and request body", () => {
    expect(doc.openapi).toBe("3.1.0");
    for (const key of ROUTE_KEYS) {
      const { method, path: p } = splitRouteKey(key);
      const op = doc.paths[p.replace(/\[([^\]]+)\]/g, "{$1}")]?.[method.toLowerCase()];
      expect(op, key).toBeDefined();
      expect(op!["x-required-role"]).toBe(rules[key]!.role);
      expect(Boolean(op!.requestBody), key).toBe(Boolean(rules[key]!.body));
    }
  });

  it("is generated from the validating schemas", () => {
    const create = doc.paths["/api/v1/users"]!.post as {
      requestBody: {
        content: {
          "application/json": { schema: { properties: Record<string, { enum?: string[]; minLength?: number }>; required: string[] } };
        };
      };
    };
    const schema = create.requestBody.content["application/json"].schema;
    expect(schema.properties.role!.enum).toEqual(["viewer", "operator", "admin"]);
    expect(schema.properties.password!.minLength).toBe(12);
    expect(schema.required).toEqual(expect.arrayContaining(["username", "password", "role"]));
    const params = (doc.paths["/api/v1/audit"]!.get as { parameters: { name: string; in: string }[] }).parameters;
    expect(params.map((p) => p.name)).toEqual(["user", "action", "outcome", "from", "to", "before", "limit"]);
    expect((doc.paths["/api/v1/clusters/{id}"]!.get as { parameters: { name: string; in: string }[] }).parameters).toEqual([
      expect.objectContaining({ name: "id", in: "path", required: true }),
    ]);
  });
});
