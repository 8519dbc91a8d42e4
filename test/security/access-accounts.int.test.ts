// Users, roles, passwords, sessions, API tokens and the sign-in lockout, through the real route
// handlers on a real catalog.
import { beforeAll, describe, expect, it } from "vitest";
import { logIn } from "@/lib/auth/log-in";
import { createSession, resolveSession } from "@/lib/auth/session";
import { IP_LIMIT, LOGIN_WINDOW_MS, USER_LIMIT } from "@/lib/domain/login-lockout";
import { useApp, type TestUser } from "@/test/security/access-app";

const app = useApp();
let admin: TestUser;
const asAdmin = () => ({ cookie: admin.session });
const signIn = (username: string, password: string, ip = "192.0.2.10") =>
  app.call("POST /api/v1/session", { ip }, { body: { username, password } });

beforeAll(async () => {
  admin = await app.user("admin");
});

describe("users", () => {
  it("an admin adds a user who can then sign in with the role given", async () => {
    const res = await app.call("POST /api/v1/users", asAdmin(), {
      body: { username: "olga.operator", password: "twelve chars!", role: "operator" },
    });
    expect(res.status).toBe(201);
    const { user } = await res.json();
    expect(user).toMatchObject({ username: "olga.operator", role: "operator", activeSessions: 0 });
    expect(JSON.stringify(user)).not.toContain("twelve");
    const login = await signIn("olga.operator", "twelve chars!");
    expect(login.status).toBe(200);
    expect((await login.json()).user.role).toBe("operator");
    expect(login.headers.get("set-cookie")).toMatch(/wayback_session=.*HttpOnly.*SameSite=strict/i);

    const taken = await app.call("POST /api/v1/users", asAdmin(), {
      body: { username: "olga.operator", password: "another password", role: "viewer" },
    });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error.fields).toEqual({ username: ["That user name is taken."] });
    const weak = await app.call("POST /api/v1/users", asAdmin(), { body: { username: "x y", password: "short", role: "root" } });
    expect(Object.keys((await weak.json()).error.fields).sort()).toEqual(["password", "role", "username"]);
  });

  it("never demotes or removes the last admin, even when two admins demote each other at once", async () => {
    const other = await app.user("admin");
    const count = () => app.db.user.count({ where: { role: "admin" } });
    // Only `admin` and `other` are admins in this file's catalog.
    expect(await count()).toBe(2);
    const [a, b] = await Promise.all([
      app.call("PATCH /api/v1/users/[id]", { cookie: other.session }, { params: { id: admin.id }, body: { role: "viewer" } }),
      app.call("PATCH /api/v1/users/[id]", asAdmin(), { params: { id: other.id }, body: { role: "viewer" } }),
    ]);
    // One wins. The other is refused: 409 when its caller was still an admin as it was authorised,
    // 403 when the winner's demotion of that caller had already committed.
    expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
    const refused = a.status === 200 ? b : a;
    expect([403, 409]).toContain(refused.status);
    expect(await count()).toBe(1);
    const survivor = a.status === 200 ? other : admin;
    const demoted = a.status === 200 ? admin : other;
    if (refused.status === 409)
      expect((await refused.json()).error.message).toBe("This is the last admin: make another user an admin first.");

    const removeLast = await app.call("DELETE /api/v1/users/[id]", { cookie: survivor.session }, { params: { id: survivor.id } });
    expect(removeLast.status).toBe(409);
    expect((await removeLast.json()).error.message).toMatch(/last admin and cannot be removed/);
    // The demoted admin's session now carries the viewer role.
    expect((await app.call("GET /api/v1/users", { cookie: demoted.session })).status).toBe(403);
    // Restore the file's admin for the tests below.
    expect(
      (await app.call("PATCH /api/v1/users/[id]", { cookie: survivor.session }, { params: { id: demoted.id }, body: { role: "admin" } }))
        .status,
    ).toBe(200);
    admin = survivor;
  });

  it("removing a user ends their sessions and tokens but keeps their audit records", async () => {
    const gone = await app.user("operator");
    const session = await gone.session();
    const token = await app.token(gone, "operator");
    expect((await app.call("DELETE /api/v1/session", { cookie: async () => session })).status).toBe(204);
    const res = await app.call("DELETE /api/v1/users/[id]", asAdmin(), { params: { id: gone.id } });
    expect(res.status).toBe(204);
    expect((await app.call("GET /api/v1/clusters", { bearer: token })).status).toBe(401);
    expect(await app.db.auditEvent.count({ where: { actorUserId: gone.id, action: "session.logout" } })).toBe(1);
    expect((await app.call("DELETE /api/v1/users/[id]", asAdmin(), { params: { id: gone.id } })).status).toBe(404);
  });
});

describe("passwords and sessions", () => {
  it("changing your own password ends every other session and keeps this browser signed in", async () => {
    const u = await app.user("viewer", "first password 1");
    const other = await u.session();
    const current = await u.session();
    const wrong = await app.call(
      "POST /api/v1/session/password",
      { cookie: async () => current },
      { body: { currentPassword: "nope", newPassword: "second password 2" } },
    );
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.fields.currentPassword).toEqual(["That is not your current password."]);

    const res = await app.call(
      "POST /api/v1/session/password",
      { cookie: async () => current },
      { body: { currentPassword: "first password 1", newPassword: "second password 2" } },
    );
    expect(res.status).toBe(200);
    const fresh = /wayback_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")![1]!;
    expect(await resolveSession(app.db, other)).toBeNull();
    expect(await resolveSession(app.db, current)).toBeNull();
    expect((await resolveSession(app.db, fresh))?.id).toBe(u.id);
    expect((await signIn(u.username, "first password 1")).status).toBe(401);
    expect((await signIn(u.username, "second password 2")).status).toBe(200);
  });

  it("an admin's password reset ends the user's sessions", async () => {
    const u = await app.user("operator");
    const session = await u.session();
    const res = await app.call("POST /api/v1/users/[id]/password", asAdmin(), {
      params: { id: u.id },
      body: { password: "reset by admin 3" },
    });
    expect(res.status).toBe(204);
    expect((await app.call("GET /api/v1/session", { cookie: async () => session })).status).toBe(401);
    expect((await signIn(u.username, "reset by admin 3")).status).toBe(200);
  });

  it("a session ends when it expires", async () => {
    const u = await app.user("viewer");
    const { token } = await createSession(app.db, u.id, 1, new Date(Date.now() - 2 * 3_600_000));
    expect((await app.call("GET /api/v1/session", { cookie: async () => token })).status).toBe(401);
  });
});

describe("sign-in lockout", () => {
  it(`locks a user name after ${USER_LIMIT} failures, even for the right password, and says when to try again`, async () => {
    const u = await app.user("viewer", "the right password");
    for (let i = 0; i < USER_LIMIT; i++) expect((await signIn(u.username, `wrong ${i}`, `198.51.100.${i}`)).status).toBe(401);
    const locked = await signIn(u.username, "the right password", "198.51.100.99");
    expect(locked.status).toBe(429);
    expect((await locked.json()).error.message).toBe("Too many failed sign-ins for this user name. Try again in 15 minutes.");
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
    // Someone else from the same address is not affected.
    const v = await app.user("viewer", "other password");
    expect((await signIn(v.username, "other password", "198.51.100.0")).status).toBe(200);
    // After the window the right password works, and success clears the count.
    const later = new Date(Date.now() + LOGIN_WINDOW_MS + 1000);
    await expect(
      logIn(app.db, { username: u.username, password: "the right password", ip: "198.51.100.1", sessionHours: 1, now: later }),
    ).resolves.toMatchObject({ user: { id: u.id } });
    expect(await app.db.loginFailure.count({ where: { username: u.username } })).toBe(0);
  });

  it(`locks an address after ${IP_LIMIT} failures across user names`, async () => {
    const ip = "203.0.113.7";
    for (let i = 0; i < IP_LIMIT; i++) expect((await signIn(`nobody-${i}`, "guess", ip)).status).toBe(401);
    const u = await app.user("viewer", "my own password");
    const locked = await signIn(u.username, "my own password", ip);
    expect(locked.status).toBe(429);
    expect((await locked.json()).error.message).toMatch(/^Too many failed sign-ins for your address\. Try again in 15 minutes\.$/);
    expect((await signIn(u.username, "my own password", "203.0.113.8")).status).toBe(200);
  });

  it("gives parallel guesses through any number of web processes no more than the limit", async () => {
    const u = await app.user("viewer");
    const statuses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => signIn(u.username, `parallel ${i}`, `192.0.2.${100 + i}`).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(USER_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(12 - USER_LIMIT);
  });
});

describe("API tokens", () => {
  it("is shown once, stored hashed, works as Bearer on /api/v1, and is revocable", async () => {
    const op = await app.user("operator");
    const res = await app.call("POST /api/v1/tokens", asAdmin(), {
      body: { name: "ci", userId: op.id, role: "operator", expiresInDays: 30 },
    });
    expect(res.status).toBe(201);
    const { token, secret } = await res.json();
    expect(secret).toMatch(/^wbt_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({
      name: "ci",
      role: "operator",
      user: { username: op.username },
      prefix: secret.slice(0, 10),
      revokedAt: null,
    });
    expect(new Date(token.expiresAt).getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const row = await app.db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const list = await app.call("GET /api/v1/tokens", asAdmin());
    expect(await list.text()).not.toContain(secret);

    const me = await app.call("GET /api/v1/session", { bearer: secret });
    expect((await me.json()).user).toEqual({ id: op.id, username: op.username, role: "operator" });
    expect((await app.call("GET /api/v1/users", { bearer: secret })).status).toBe(403);

    expect((await app.call("DELETE /api/v1/tokens/[id]", asAdmin(), { params: { id: token.id } })).status).toBe(204);
    expect((await app.call("GET /api/v1/session", { bearer: secret })).status).toBe(401);
    const after = (await (await app.call("GET /api/v1/tokens", asAdmin())).json()).tokens.find((t: { id: string }) => t.id === token.id);
    expect(after.revokedAt).not.toBeNull();
  });

  it("never has more rights than its user, even after the user is demoted", async () => {
    const u = await app.user("operator");
    const above = await app.call("POST /api/v1/tokens", asAdmin(), { body: { name: "too much", userId: u.id, role: "admin" } });
    expect(above.status).toBe(400);
    expect((await above.json()).error.fields.role[0]).toMatch(/cannot have more rights than its user/);
    const secret = await app.token(u, "operator");
    expect((await app.call("POST /api/v1/clusters/[id]/backups", { bearer: secret })).status).toBe(404);
    await app.db.user.update({ where: { id: u.id }, data: { role: "viewer" } });
    expect((await app.call("POST /api/v1/clusters/[id]/backups", { bearer: secret })).status).toBe(403);
    expect((await (await app.call("GET /api/v1/session", { bearer: secret })).json()).user.role).toBe("viewer");
  });

  it("stops working when it expires", async () => {
    const u = await app.user("viewer");
    const secret = await app.token(u, "viewer");
    await app.db.apiToken.updateMany({ where: { userId: u.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await app.call("GET /api/v1/clusters", { bearer: secret })).status).toBe(401);
  });
});
