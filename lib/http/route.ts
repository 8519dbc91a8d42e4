import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { appContext, type AppContext } from "@/lib/app-context";
import { auditDetails } from "@/lib/audit/audit-details";
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import { hasRole, type SessionUser } from "@/lib/domain/roles";
import { AppError } from "@/lib/errors/app-error";
import { authenticate, type Principal } from "@/lib/http/authenticate";
import { clientIp } from "@/lib/http/client-ip";
import { errorResponse } from "@/lib/http/error-response";
import { readJsonBody } from "@/lib/http/read-body";
import { API_CSP, withSecurityHeaders } from "@/lib/http/security-headers";
import type { RouteRule } from "@/lib/http/route-rule";

type SchemaOf<R, F extends "body" | "query"> = R extends { [k in F]: infer S extends z.ZodType } ? z.infer<S> : undefined;
type UserOf<R> = R extends { role: "public" } ? SessionUser | null : SessionUser;

/** What a handler may add to its audit record: the id of what it created, or who signed in. */
export interface AuditFacts {
  targetId?: string;
  actor?: AuditActor;
}

export interface RouteContext<B, Q, U> {
  req: NextRequest;
  app: AppContext;
  user: U;
  body: B;
  query: Q;
  params: Record<string, string>;
  audit: (facts: AuditFacts) => void;
}

type Handler<R> = (ctx: RouteContext<SchemaOf<R, "body">, SchemaOf<R, "query">, UserOf<R>>) => Promise<Response | object>;
type NextHandler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * The one wrapper every /api/v1 handler goes through, bound to the rule table by the top layer
 * (app/api/api-route.ts: `route = routeWith(ROUTE_RULES)`), so this adapter imports no verb's
 * schemas. A route's rule says who may call it and what it accepts; the wrapper authenticates
 * (bearer token, or session cookie with the same-origin check for writes), authorises, validates
 * body and query, maps AppError to a status, and records every write in the audit log with its
 * outcome. A handler returns a plain object (sent as 200 JSON) or a Response.
 */
export function routeWith<T extends Record<string, RouteRule>>(rules: T) {
  return <K extends keyof T & string>(key: K, handler: Handler<T[K]>): NextHandler & { routeKey: K } => wrap(key, rules[key], handler);
}

function wrap<K extends string, R extends RouteRule>(key: K, rule: R, handler: Handler<R>): NextHandler & { routeKey: K } {
  const run = handler as unknown as (ctx: RouteContext<unknown, unknown, SessionUser | null>) => Promise<Response | object>;
  const wrapped = async (req: NextRequest, ctx: { params: Promise<Record<string, string>> }): Promise<Response> => {
    let app: AppContext | undefined;
    let principal: Principal | null = null;
    let body: unknown;
    const facts: AuditFacts = {};
    // Next.js resolves params to undefined for a route without dynamic segments.
    const params: Record<string, string> = (await ctx.params) ?? {};
    let response: Response;
    try {
      app = appContext();
      // A public read that records nothing needs no identity: probes (/healthz) answer without the catalog.
      principal =
        rule.role === "public" && req.method === "GET" && !rule.audit
          ? null
          : await authenticate(app.db, req, { isPublic: rule.role === "public", origin: app.config });
      if (rule.role !== "public") {
        if (!principal)
          throw new AppError(
            "unauthenticated",
            req.headers.has("authorization") ? "The API token is unknown, expired or revoked." : "Sign in first.",
          );
        if (!hasRole(principal.user.role, rule.role)) throw new AppError("forbidden", `This needs the ${rule.role} role.`);
      }
      body = rule.body ? parse(rule.body, await readJsonBody(req)) : undefined;
      const query = rule.query ? parse(rule.query, Object.fromEntries(req.nextUrl.searchParams)) : undefined;
      const result = await run({ req, app, user: principal?.user ?? null, body, query, params, audit: (f) => Object.assign(facts, f) });
      response = result instanceof Response ? result : NextResponse.json(result);
    } catch (err) {
      response = errorResponse(err);
    }
    if (rule.audit && app) {
      try {
        await recordAuditEvent(app.db, {
          actor:
            facts.actor ?? (principal ? { userId: principal.user.id, tokenId: principal.tokenId, name: principal.user.username } : null),
          ip: clientIp(req),
          action: rule.audit.action,
          targetId: facts.targetId ?? params.id?.slice(0, 100) ?? null,
          details: auditDetails(body, rule.audit.fields ?? []),
          status: response.status,
        });
      } catch (err) {
        // An action that cannot be recorded is not reported as done.
        response = errorResponse(err);
      }
    }
    return withSecurityHeaders(response, API_CSP, { secureCookies: app?.config.secureCookies ?? false });
  };
  return Object.assign(wrapped, { routeKey: key });
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "_";
    (fields[key] ??= []).push(issue.message);
  }
  throw new AppError("validation_failed", "Some fields need fixing.", fields);
}
