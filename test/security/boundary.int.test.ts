// The web boundary (issue #14): request bodies are capped before they are read whole, browser
// writes must come from the dashboard's own origin, every API answer carries the security
// headers, and loose input (ports Number() would convert, control characters in names and paths,
// a repository link leading outside its root) is refused with its reason and creates nothing.
// The real route handlers on a real catalog, as Next.js calls them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "@/lib/http/read-body";
import { PUBLIC_URL, useApp, type Caller, type TestUser } from "@/test/security/access-app";

// Repositories may go under `root` only; `outside` is where a link under it leads.
const base = fs.mkdtempSync(path.join(os.tmpdir(), "wayback-boundary-"));
const root = path.join(base, "root");
const outside = path.join(base, "outside");
fs.mkdirSync(root);
fs.mkdirSync(outside);
fs.symlinkSync(outside, path.join(root, "escape"));

const app = useApp({ WAYBACK_REPO_ROOTS: root });
let admin: TestUser;
const asAdmin = (more: Partial<Caller> = {}): Caller => ({ cookie: admin.session, ...more });

beforeAll(async () => {
  admin = await app.user("admin");
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

/**
 * A body of `total` bytes made only as the server reads it, counting what it read: a server that
 * reads it all pulls `total`, one that stops at the limit pulls little more than the limit.
 */
function lazyBody(total: number, fill: (offset: number) => Uint8Array) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= total) return controller.close();
        const chunk = fill(pulled);
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

const CHUNK = 64 * 1024;
const spaces = () => new Uint8Array(CHUNK).fill(0x20);
// "[0,0,0,…": a JSON array, the shape that blocked the event loop while parsing.
const jsonArray = (offset: number) => new TextEncoder().encode((offset === 0 ? "[" : ",") + "0,".repeat(CHUNK / 2 - 1) + "0");
const HUNDRED_MB = 100 * 1024 * 1024;

describe("request bodies", () => {
  it("refuses a sign-in whose Content-Length is over 1 MiB with 413, reading none of it", async () => {
    const body = lazyBody(HUNDRED_MB, spaces);
    const res = await app.call(
      "POST /api/v1/session",
      { origin: null, fetchSite: null, headers: { "content-length": String(HUNDRED_MB) } },
      { rawBody: body.stream },
    );
    expect(res.status).toBe(413);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: "payload_too_large" });
    expect(error.message).toBe(
      `The request body is larger than ${MAX_BODY_BYTES} bytes (1 MiB), the limit for every API request. Nothing was changed.`,
    );
    expect(res.headers.get("connection")).toBe("close");
    expect(body.pulled()).toBe(0);
  });

  it("stops reading a body without Content-Length at the limit: a 100 MB JSON array is refused having read about 1 MiB", async () => {
    const body = lazyBody(HUNDRED_MB, jsonArray);
    const before = await app.db.cluster.count();
    const res = await app.call("POST /api/v1/clusters", asAdmin(), { rawBody: body.stream });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
    expect(body.pulled()).toBeGreaterThan(MAX_BODY_BYTES);
    expect(body.pulled()).toBeLessThanOrEqual(MAX_BODY_BYTES + CHUNK);
    expect(await app.db.cluster.count()).toBe(before);
  });

  it("parses a body of exactly the limit", async () => {
    const json = `{"username":"nobody","password":"x"}`;
    const padded = json + " ".repeat(MAX_BODY_BYTES - json.length);
    const res = await app.call("POST /api/v1/session", { origin: null, fetchSite: null }, { rawBody: padded });
    expect(res.status).toBe(401);
  });
});

describe("where a write comes from", () => {
  const newUser = (name: string) => ({ username: name, password: "x".repeat(20), role: "admin" });

  it("refuses a cookie write with neither Origin nor Sec-Fetch-Site, saying why", async () => {
    const res = await app.call("POST /api/v1/users", asAdmin({ origin: null, fetchSite: null }), { body: newUser("no-origin") });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toContain("neither an Origin nor a Sec-Fetch-Site header");
    expect(await app.db.user.findUnique({ where: { username: "no-origin" } })).toBeNull();
  });

  it("refuses a foreign Origin even when X-Forwarded-Host names it (no trusted proxy)", async () => {
    const res = await app.call(
      "POST /api/v1/users",
      asAdmin({
        origin: "https://evil.example",
        fetchSite: null,
        headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
      }),
      {
        body: newUser("forwarded"),
      },
    );
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toContain(`Origin https://evil.example is not the dashboard's address, ${PUBLIC_URL}.`);
    expect(await app.db.user.findUnique({ where: { username: "forwarded" } })).toBeNull();
  });

  it("refuses what the browser marks as cross-site, even with the right Origin", async () => {
    const res = await app.call("POST /api/v1/users", asAdmin({ fetchSite: "cross-site" }), { body: newUser("cross-site") });
    expect(res.status).toBe(403);
    expect(await app.db.user.findUnique({ where: { username: "cross-site" } })).toBeNull();
  });

  it("accepts the dashboard's own pages, a bearer token without browser headers, and a script signing in", async () => {
    expect((await app.call("POST /api/v1/users", asAdmin(), { body: newUser("same-origin") })).status).toBe(201);
    const token = await app.token(admin, "admin");
    expect(
      (await app.call("POST /api/v1/users", { bearer: token, origin: null, fetchSite: null }, { body: newUser("by-token") })).status,
    ).toBe(201);
    expect(
      (
        await app.call(
          "POST /api/v1/session",
          { origin: null, fetchSite: null },
          { body: { username: admin.username, password: admin.password } },
        )
      ).status,
    ).toBe(200);
  });
});

describe("security headers", () => {
  it("are on API answers, successful or not", async () => {
    for (const res of [
      await app.call("GET /api/v1/clusters", asAdmin()),
      await app.call("GET /api/v1/clusters"),
      await app.call("POST /api/v1/clusters", asAdmin({ origin: null, fetchSite: null })),
    ]) {
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
      // Cookies are not secure in this configuration: no HSTS over plain HTTP.
      expect(res.headers.get("strict-transport-security")).toBeNull();
    }
  });
});

describe("loose input", () => {
  const cluster = { name: "loose", host: "127.0.0.1", username: "wayback" };
  const fieldErrors = async (res: Response) => {
    expect(res.status).toBe(400);
    return (await res.json()).error.fields as Record<string, string[]>;
  };

  it("refuses ports and numbers that Number() would convert, and creates no cluster", async () => {
    for (const port of [true, "0x1538", "5e3", [5432], "", 5432.5]) {
      const fields = await fieldErrors(await app.call("POST /api/v1/clusters", asAdmin(), { body: { ...cluster, port } }));
      expect(fields.port, JSON.stringify(port)).toEqual(["Enter the port as a whole number in decimal digits, e.g. 5432."]);
    }
    const fields = await fieldErrors(await app.call("POST /api/v1/clusters", asAdmin(), { body: { ...cluster, port: 65536 } }));
    expect(fields.port).toEqual(["Ports range from 1 to 65535."]);
    expect(await app.db.cluster.count({ where: { name: "loose" } })).toBe(0);
  });

  it("refuses control characters in database and user names", async () => {
    const fields = await fieldErrors(
      await app.call("POST /api/v1/clusters", asAdmin(), { body: { ...cluster, database: "a\nb", username: "u\u001b[2J" } }),
    );
    expect(fields).toEqual({
      database: ["The database name cannot contain control characters."],
      username: ["The user name cannot contain control characters."],
    });
    const patch = await fieldErrors(
      await app.call("PATCH /api/v1/clusters/[id]", asAdmin(), { body: { port: "0x1538", database: "x\ty" } }),
    );
    expect(Object.keys(patch).sort()).toEqual(["database", "port"]);
    expect(await app.db.cluster.count({ where: { name: "loose" } })).toBe(0);
  });

  it("refuses a repository path with a newline and creates neither row nor directory", async () => {
    const fields = await fieldErrors(
      await app.call("POST /api/v1/repositories", asAdmin(), { body: { name: "newline", path: `${root}/a\nb` } }),
    );
    expect(fields.path).toEqual(["The path cannot contain control characters."]);
    expect(await app.db.repository.count({ where: { name: "newline" } })).toBe(0);
    expect(fs.readdirSync(root)).toEqual(["escape"]);
  });

  it("refuses a repository under the root through a link that leads outside it, naming where it leads", async () => {
    const res = await app.call("POST /api/v1/repositories", asAdmin(), { body: { name: "escape", path: `${root}/escape/repo` } });
    const fields = await fieldErrors(res);
    expect(fields.path).toEqual([
      `${root}/escape/repo (which resolves to ${outside}/repo) is outside the allowed repository locations. Allowed locations: ${root}.`,
    ]);
    expect(await app.db.repository.count({ where: { name: "escape" } })).toBe(0);
    expect(fs.readdirSync(outside)).toEqual([]);
    // The same root without the link is fine.
    expect((await app.call("POST /api/v1/repositories", asAdmin(), { body: { name: "inside", path: `${root}/repo` } })).status).toBe(201);
  });

  it("refuses control characters in restore point names, restore targets and dump schema and table names", async () => {
    const point = await fieldErrors(
      await app.call("POST /api/v1/clusters/[id]/restore-points", asAdmin(), { body: { name: "before\u0085migration" } }),
    );
    expect(point.name).toEqual(["The name cannot contain control characters."]);
    const target = await fieldErrors(
      await app.call("POST /api/v1/clusters/[id]/restores", asAdmin(), { body: { target: { kind: "name", name: "a\nb" }, dryRun: true } }),
    );
    expect(target["target.name"]).toEqual(["The restore point name cannot contain control characters."]);
    const port = await fieldErrors(
      await app.call("POST /api/v1/clusters/[id]/restores", asAdmin(), {
        body: { target: { kind: "latest" }, destination: { kind: "new_instance", port: "5e3" } },
      }),
    );
    expect(port["destination.port"]).toEqual(["Enter the port as a whole number in decimal digits, e.g. 5432."]);
    const dump = await fieldErrors(
      await app.call("POST /api/v1/clusters/[id]/dumps", asAdmin(), {
        body: { database: "app", includeSchemas: ["s\rx"], excludeTables: [{ schema: "public", name: "t\nx" }] },
      }),
    );
    expect(dump).toEqual({
      "includeSchemas.0": ["The name cannot contain control characters."],
      "excludeTables.0.name": ["The name cannot contain control characters."],
    });
  });

  it("says an impossible time is not a real date, and a real one without an offset that it needs one", async () => {
    const restore = (time: string) =>
      app.call("POST /api/v1/clusters/[id]/restores", asAdmin(), { body: { target: { kind: "time", time }, dryRun: true } });
    expect((await fieldErrors(await restore("2026-13-45 25:61:00")))["target.time"]![0]).toMatch(
      /^2026-13-45 25:61:00 is not a real date and time/,
    );
    expect((await fieldErrors(await restore("2026-11-24 14:31:00")))["target.time"]![0]).toMatch(/^Add a UTC offset/);
  });
});
