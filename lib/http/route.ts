import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { appContext, type AppContext } from "@/lib/app-context";
import { hasRole, type Role, type SessionUser } from "@/lib/auth/roles";
import { resolveSession, SESSION_COOKIE } from "@/lib/auth/session";
import { AppError } from "@/lib/http/app-error";
import { errorResponse } from "@/lib/http/error-response";
import { isSameOrigin } from "@/lib/http/same-origin";

interface RouteOptions<B extends z.ZodType | undefined, Q extends z.ZodType | undefined> {
  /** Least role that may call the route; "public" only for signing in. */
  role: Role | "public";
  body?: B;
  query?: Q;
}

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteContext<B, Q, U> {
  req: NextRequest;
  app: AppContext;
  user: U;
  body: B;
  query: Q;
  params: Record<string, string>;
}

type Handler<B, Q, U> = (ctx: RouteContext<B, Q, U>) => Promise<Response | object>;

/**
 * The one wrapper every /api/v1 handler goes through: same-origin check for browser writes,
 * session, role, zod validation of body and query, and AppError → status. A handler returns a
 * plain object (sent as 200 JSON) or a Response.
 */
export function route<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  opts: RouteOptions<B, Q> & { role: "public" },
  handler: Handler<Infer<B>, Infer<Q>, SessionUser | null>,
): (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
export function route<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  opts: RouteOptions<B, Q> & { role: Role },
  handler: Handler<Infer<B>, Infer<Q>, SessionUser>,
): (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
export function route<B extends z.ZodType | undefined, Q extends z.ZodType | undefined>(
  opts: RouteOptions<B, Q>,
  handler: Handler<Infer<B>, Infer<Q>, SessionUser> | Handler<Infer<B>, Infer<Q>, SessionUser | null>,
) {
  // Only public routes can see a null user: the check below guarantees it for the others.
  const run = handler as Handler<Infer<B>, Infer<Q>, SessionUser | null>;
  return async (req: NextRequest, ctx: { params: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      if (req.method !== "GET" && req.method !== "HEAD" && !isSameOrigin(req)) {
        throw new AppError("forbidden", "Cross-origin request refused.");
      }
      const app = appContext();
      const user = await resolveSession(app.db, req.cookies.get(SESSION_COOKIE)?.value);
      if (opts.role !== "public") {
        if (!user) throw new AppError("unauthenticated", "Sign in first.");
        if (!hasRole(user.role, opts.role)) throw new AppError("forbidden", `This needs the ${opts.role} role.`);
      }
      const body = opts.body ? parse(opts.body, await readJson(req)) : undefined;
      const query = opts.query ? parse(opts.query, Object.fromEntries(req.nextUrl.searchParams)) : undefined;
      const result = await run({ req, app, user, body: body as Infer<B>, query: query as Infer<Q>, params: await ctx.params });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

async function readJson(req: NextRequest): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new AppError("validation_failed", "The request body must be JSON.");
  }
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
