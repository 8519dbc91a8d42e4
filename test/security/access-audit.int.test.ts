// The audit log: sign-ins (and failed ones), sign-outs and every write through route() are
// recorded with who, when, from where, what and the outcome, never with secrets; the database
// refuses to change or delete a record; the API filters it for admins.
import { beforeAll, describe, expect, it } from "vitest";
import { useApp, type TestUser } from "@/test/security/access-app";

const app = useApp();
let admin: TestUser;
let viewer: TestUser;
const events = (where: object = {}) => app.db.auditEvent.findMany({ where, orderBy: { at: "asc" } });

beforeAll(async () => {
  admin = await app.user("admin", "admin password 1");
  viewer = await app.user("viewer", "viewer password 1");
});

describe("audit log", () => {
  it("records sign-in, failed sign-in and sign-out with who, where and the outcome, never the password", async () => {
    const ip = "198.51.100.23";
    expect(
      (await app.call("POST /api/v1/session", { ip }, { body: { username: viewer.username, password: "viewer wrong 99" } })).status,
    ).toBe(401);
    const ok = await app.call("POST /api/v1/session", { ip }, { body: { username: viewer.username, password: "viewer password 1" } });
    const cookie = /wayback_session=([^;]+)/.exec(ok.headers.get("set-cookie")!)![1]!;
    expect((await app.call("DELETE /api/v1/session", { ip, cookie: async () => cookie })).status).toBe(204);

    const rows = await events({ action: { startsWith: "session." }, actorName: viewer.username });
    expect(rows.map((r) => [r.action, r.outcome, r.status, r.ip, r.actorUserId])).toEqual([
      ["session.login", "refused", 401, ip, null],
      ["session.login", "ok", 200, ip, viewer.id],
      ["session.logout", "ok", 204, ip, viewer.id],
    ]);
    expect(rows[0]!.details).toEqual({ username: viewer.username });
    expect(JSON.stringify(await events())).not.toContain("viewer wrong 99");
    expect(JSON.stringify(await events())).not.toContain("viewer password 1");
  });

  it("records a write with its target and an allow-listed summary, and no secret from the body", async () => {
    const secret = "cluster-pass-do-not-log";
    const res = await app.call(
      "POST /api/v1/clusters",
      { cookie: admin.session },
      { body: { name: "audited", host: "127.0.0.1", port: 1, username: "wayback", password: secret } },
    );
    expect(res.status).toBe(201);
    const { cluster } = await res.json();
    const [row] = await events({ action: "cluster.create" });
    expect(row).toMatchObject({
      actorUserId: admin.id,
      actorName: admin.username,
      actorTokenId: null,
      targetId: cluster.id,
      outcome: "ok",
      status: 201,
    });
    expect(row!.details).toEqual({
      name: "audited",
      host: "127.0.0.1",
      port: 1,
      database: "postgres",
      username: "wayback",
      walMode: "streaming",
    });
    expect(JSON.stringify(await events())).not.toContain(secret);
  });

  it("records refusals and failures, with the token that made them", async () => {
    const token = await app.token(viewer, "viewer");
    const target = "00000000-0000-4000-8000-0000000000aa";
    expect((await app.call("POST /api/v1/clusters/[id]/backups", { bearer: token }, { params: { id: target } })).status).toBe(403);
    expect((await app.call("POST /api/v1/clusters/[id]/backups", { cookie: admin.session }, { params: { id: target } })).status).toBe(404);
    expect((await app.call("POST /api/v1/clusters/[id]/backups", {}, { params: { id: target } })).status).toBe(401);
    const tokenRow = await app.db.apiToken.findFirstOrThrow({ where: { userId: viewer.id } });
    expect((await events({ action: "backup.start" })).map((r) => [r.actorName, r.actorTokenId, r.targetId, r.outcome, r.status])).toEqual([
      [viewer.username, tokenRow.id, target, "refused", 403],
      [admin.username, null, target, "failed", 404],
      [null, null, target, "refused", 401],
    ]);
  });

  it("does not record reads", async () => {
    const before = await app.db.auditEvent.count();
    expect((await app.call("GET /api/v1/clusters", { cookie: admin.session })).status).toBe(200);
    expect(await app.db.auditEvent.count()).toBe(before);
  });

  it("cannot be changed or deleted, even by SQL through the application's connection", async () => {
    const [row] = await events();
    await expect(app.db.$executeRaw`UPDATE audit_events SET outcome = 'ok' WHERE id = ${row!.id}::uuid`).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(app.db.$executeRaw`DELETE FROM audit_events`).rejects.toThrow(/append-only: DELETE refused/);
    await expect(app.db.$executeRaw`TRUNCATE audit_events`).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await app.db.auditEvent.findUnique({ where: { id: row!.id } })).toEqual(row);
  });

  it("lists the log newest first for admins, filtered by user, action, outcome and time", async () => {
    const list = async (query: string) => {
      const res = await app.call("GET /api/v1/audit", { cookie: admin.session }, { query });
      expect(res.status).toBe(200);
      return (await res.json()).events as { id: string; action: string; outcome: string; actor: { name: string }; at: string }[];
    };
    const all = await list("");
    expect(all).toHaveLength(7);
    expect([...all].sort((a, b) => b.at.localeCompare(a.at))).toEqual(all);
    expect((await list(`?user=${viewer.username}`)).every((e) => e.actor.name === viewer.username)).toBe(true);
    expect((await list("?action=backup.start&outcome=refused")).map((e) => e.actor.name)).toEqual([null, viewer.username]);
    const newest = all[0]!.at;
    expect(await list(`?from=${encodeURIComponent(new Date(Date.parse(newest) + 1).toISOString())}`)).toEqual([]);
    expect((await list(`?to=${encodeURIComponent(all.at(-1)!.at)}`)).at(-1)).toEqual(all.at(-1));
    // Pages continue after the last record, skipping and repeating none.
    const pages = [await list("?limit=3")];
    while (pages.at(-1)!.length === 3) pages.push(await list(`?limit=3&before=${pages.at(-1)!.at(-1)!.id}`));
    expect(pages.flat()).toEqual(all);
    expect(
      (await app.call("GET /api/v1/audit", { cookie: admin.session }, { query: "?before=00000000-0000-4000-8000-000000000000" })).status,
    ).toBe(404);
    const bad = await app.call("GET /api/v1/audit", { cookie: admin.session }, { query: "?outcome=maybe&from=yesterday" });
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(["from", "outcome"]);
    expect((await app.call("GET /api/v1/audit", { cookie: viewer.session })).status).toBe(403);
  });
});
