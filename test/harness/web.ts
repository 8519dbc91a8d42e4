import { inspect } from "node:util";
import { NextRequest } from "next/server";
import { symbols } from "pino";
import { afterAll, beforeAll } from "vitest";
import type { Role } from "@/lib/domain/roles";
import { createSession, SESSION_COOKIE } from "@/lib/auth/session";
import type { Config } from "@/lib/config";
import { logger } from "@/lib/log";
import { QUEUE_NAME } from "@/lib/queue/job-types";
import { createRedis, openQueue } from "@/lib/queue/redis";
import { uniqueName, type TestCatalog } from "@/test/harness/catalog";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface ApiResult {
  status: number;
  /** The body as sent, for scanning. */
  text: string;
  // Tests read what they asserted on; the shape is the route's.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/**
 * The web process's route handlers called in this test process, as Next.js calls them: a real
 * NextRequest with a signed-in user's session cookie, appContext() on this file's catalog and the
 * worker's configuration (its queue prefix and secret key), and everything the web side logs kept
 * in `logs`.
 */
export function useWeb(
  cat: TestCatalog,
  config: () => Config,
  role: Role = "admin",
): {
  call: (handler: Handler, opts: { method?: string; path: string; params?: Record<string, string>; body?: unknown }) => Promise<ApiResult>;
  logs: string[];
} {
  const logs: string[] = [];
  const holder = globalThis;
  const redis = createRedis(cat.redisUrl, "producer");
  let cookie = "";
  // pino writes to its own destination, not through process.stdout.write, and vitest takes over
  // console: tap all three.
  const tapped: { target: { write: (chunk: string) => boolean }; write: (chunk: string) => boolean }[] = [];
  const consoleMethods = ["log", "info", "warn", "error", "debug"] as const;
  const originalConsole = consoleMethods.map((m) => console[m]);
  beforeAll(async () => {
    holder.__waybackApp = { config: config(), db: cat.db, queue: openQueue(QUEUE_NAME, redis, config().queuePrefix) };
    const destination = (logger as unknown as Record<symbol, { write: (chunk: string) => boolean }>)[symbols.streamSym]!;
    for (const target of [destination, process.stdout, process.stderr] as { write: (chunk: string) => boolean }[]) {
      const write = target.write;
      tapped.push({ target, write });
      target.write = (chunk: string) => {
        logs.push(String(chunk));
        return write.call(target, chunk);
      };
    }
    consoleMethods.forEach((m, i) => {
      console[m] = (...args: unknown[]) => {
        logs.push(args.map((a) => (typeof a === "string" ? a : inspect(a))).join(" "));
        originalConsole[i]!(...args);
      };
    });
    const user = await cat.db.user.create({
      data: { username: uniqueName(role), passwordHash: "not used: signed in through a session row", role },
    });
    const { token } = await createSession(cat.db, user.id, 1);
    cookie = `${SESSION_COOKIE}=${token}`;
  });
  afterAll(async () => {
    for (const { target, write } of tapped.splice(0)) target.write = write;
    consoleMethods.forEach((m, i) => (console[m] = originalConsole[i]!));
    await holder.__waybackApp?.queue.close();
    delete holder.__waybackApp;
    redis.disconnect();
  });
  return {
    logs,
    async call(handler, { method = "GET", path, params = {}, body }) {
      const req = new NextRequest(new URL(path, "http://wayback.test"), {
        method,
        // What a browser on the dashboard's own page sends with every write (lib/http/same-origin.ts).
        headers: { cookie, "sec-fetch-site": "same-origin", ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const res = await handler(req, { params: Promise.resolve(params) });
      const text = await res.text();
      return { status: res.status, text, json: text ? JSON.parse(text) : null };
    },
  };
}
