import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll } from "vitest";
import { createApiToken } from "@/lib/auth/create-api-token";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/domain/roles";
import { createSession, SESSION_COOKIE } from "@/lib/auth/session";
import { parseConfig } from "@/lib/config";
import type { RouteKey } from "@/app/api/route-rules";
import { splitRouteKey } from "@/lib/http/route-rule";
import { QUEUE_NAME } from "@/lib/queue/job-types";
import { createRedis, openQueue } from "@/lib/queue/redis";
import { uniqueName, useCatalog } from "@/test/harness/catalog";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const HOST = "wayback.test";

export const PUBLIC_URL = `http://${HOST}`;

export interface Caller {
  /** A fresh session cookie for each request, so signing out in one cannot affect another. */
  cookie?: () => Promise<string>;
  bearer?: string;
  /** What a browser on the dashboard's own page sends unless said otherwise; null: no header. */
  origin?: string | null;
  fetchSite?: string | null;
  ip?: string;
  /** More headers, e.g. X-Forwarded-Host. */
  headers?: Record<string, string>;
}

export interface TestUser {
  id: string;
  username: string;
  password: string;
  role: Role;
  session: () => Promise<string>;
}

/**
 * The real route handlers of app/api, called in this process with real requests against this
 * file's own catalog and the run's Redis: the same code `next start` runs, without a build. Unlike
 * test/harness/web.ts (one signed-in user), each call says how it authenticates: any number of
 * users' cookies, API tokens, the Origin and Sec-Fetch-Site a browser would send (the dashboard's
 * own unless said otherwise) and a client address.
 */
export function useApp(configEnv: Record<string, string> = {}) {
  const catalog = useCatalog();
  const holder = globalThis;
  const redis = createRedis(catalog.redisUrl, "producer");
  beforeAll(() => {
    const config = parseConfig({
      NODE_ENV: "test",
      DATABASE_URL: catalog.databaseUrl,
      REDIS_URL: catalog.redisUrl,
      WAYBACK_SECRET_KEY: randomBytes(32).toString("hex"),
      WAYBACK_QUEUE_PREFIX: uniqueName("access"),
      WAYBACK_PUBLIC_URL: PUBLIC_URL,
      ...configEnv,
    });
    holder.__waybackApp = { config, db: catalog.db, queue: openQueue(QUEUE_NAME, redis, config.queuePrefix) };
  });
  afterAll(async () => {
    await holder.__waybackApp?.queue.close();
    delete holder.__waybackApp;
    redis.disconnect();
  });

  const db = catalog.db;

  async function user(role: Role, password = "correct horse battery"): Promise<TestUser> {
    const username = uniqueName(role);
    const { id } = await db.user.create({ data: { username, passwordHash: await hashPassword(password), role } });
    return { id, username, password, role, session: async () => (await createSession(db, id, 1)).token };
  }

  async function token(u: { id: string }, role: Role, createdById = u.id): Promise<string> {
    return (await createApiToken(db, { input: { name: uniqueName("t"), userId: u.id, role, expiresInDays: null }, createdById })).secret;
  }

  /** Calls the handler of `key`; path parameters are `params` or a random UUID that names nothing. */
  /** `rawBody`: sent as it is (a stream, a string), with the headers the caller gives. */
  async function call(
    key: RouteKey | string,
    caller: Caller = {},
    opts: { body?: unknown; rawBody?: BodyInit; params?: Record<string, string>; query?: string } = {},
  ): Promise<Response> {
    const { method, path: p } = splitRouteKey(key);
    const params: Record<string, string> = {};
    const url = p.replace(/\[([^\]]+)\]/g, (_, name: string) => (params[name] = opts.params?.[name] ?? randomUUID()));
    const headers = new Headers({ host: HOST, "x-forwarded-for": caller.ip ?? "192.0.2.10", ...caller.headers });
    if (caller.cookie) headers.set("cookie", `${SESSION_COOKIE}=${await caller.cookie()}`);
    if (caller.bearer) headers.set("authorization", `Bearer ${caller.bearer}`);
    const origin = caller.origin === undefined ? PUBLIC_URL : caller.origin;
    if (origin !== null) headers.set("origin", origin);
    const fetchSite = caller.fetchSite === undefined ? "same-origin" : caller.fetchSite;
    if (fetchSite !== null) headers.set("sec-fetch-site", fetchSite);
    const hasBody = method !== "GET" && method !== "DELETE";
    if (hasBody) headers.set("content-type", "application/json");
    const body = hasBody ? (opts.rawBody ?? JSON.stringify(opts.body ?? {})) : undefined;
    const req = new NextRequest(`http://${HOST}${url}${opts.query ?? ""}`, {
      method,
      headers,
      body,
      duplex: "half",
    } as ConstructorParameters<typeof NextRequest>[1]);
    const mod = (await import(path.join(ROOT, "app", p, "route.ts"))) as Record<
      string,
      (r: NextRequest, c: { params: Promise<Record<string, string> | undefined> }) => Promise<Response>
    >;
    // As Next.js does: no params object at all for a path without dynamic segments.
    return mod[method]!(req, { params: Promise.resolve(Object.keys(params).length ? params : undefined) });
  }

  return { db, user, token, call };
}
