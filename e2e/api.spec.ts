import { expect, test } from "@playwright/test";
import { ADMIN_PASSWORD, baseURL } from "../playwright.config";

const id = "00000000-0000-4000-8000-000000000000";
// Every /api/v1 route and method but signing in.
const ROUTES: [string, string][] = [
  ["GET", "/api/v1/session"],
  ["DELETE", "/api/v1/session"],
  ["GET", "/api/v1/clusters"],
  ["POST", "/api/v1/clusters"],
  ["GET", `/api/v1/clusters/${id}`],
  ["PATCH", `/api/v1/clusters/${id}`],
  ["DELETE", `/api/v1/clusters/${id}`],
  ["POST", `/api/v1/clusters/${id}/checks`],
  ["GET", "/api/v1/jobs"],
  ["GET", `/api/v1/jobs/${id}`],
  ["GET", `/api/v1/clusters/${id}/backups`],
  ["POST", `/api/v1/clusters/${id}/backups`],
  ["GET", "/api/v1/backups"],
  ["GET", `/api/v1/backups/${id}`],
  ["GET", `/api/v1/clusters/${id}/timeline`],
  ["GET", "/api/v1/repositories"],
  ["POST", "/api/v1/repositories"],
  ["GET", `/api/v1/repositories/${id}`],
  ["PATCH", `/api/v1/repositories/${id}`],
  ["DELETE", `/api/v1/repositories/${id}`],
  ["POST", `/api/v1/repositories/${id}/test`],
  ["GET", `/api/v1/clusters/${id}/restore-points`],
  ["POST", `/api/v1/clusters/${id}/restore-points`],
  ["GET", `/api/v1/clusters/${id}/restores`],
  ["POST", `/api/v1/clusters/${id}/restores`],
  ["GET", "/api/v1/restores"],
  ["GET", `/api/v1/restores/${id}`],
  ["POST", `/api/v1/restores/${id}/promote`],
  ["POST", `/api/v1/restores/${id}/discard`],
  ["GET", "/api/v1/alerts"],
  ["GET", "/api/v1/alerts/counts"],
  ["GET", `/api/v1/alerts/${id}`],
  ["POST", `/api/v1/alerts/${id}/acknowledge`],
  ["GET", `/api/v1/clusters/${id}/monitor`],
  ["GET", "/api/v1/fleet"],
  ["GET", `/api/v1/clusters/${id}/verifications`],
  ["POST", `/api/v1/clusters/${id}/verifications`],
  ["GET", `/api/v1/clusters/${id}/drills`],
  ["POST", `/api/v1/clusters/${id}/drills`],
  ["GET", `/api/v1/drills/${id}`],
  ["GET", "/api/v1/notification-channels"],
  ["POST", "/api/v1/notification-channels"],
  ["GET", `/api/v1/notification-channels/${id}`],
  ["PATCH", `/api/v1/notification-channels/${id}`],
  ["DELETE", `/api/v1/notification-channels/${id}`],
  ["POST", `/api/v1/notification-channels/${id}/test`],
  ["GET", `/api/v1/notification-channels/${id}/deliveries`],
];

test("every API route refuses a request without a session", async ({ request }) => {
  for (const [method, url] of ROUTES) {
    const res = await request.fetch(url, { method, data: method === "GET" || method === "DELETE" ? undefined : {} });
    expect(res.status(), `${method} ${url}`).toBe(401);
    expect((await res.json()).error.code).toBe("unauthenticated");
  }
});

test("a write from a foreign origin is refused even with a session", async ({ request }) => {
  const login = await request.post("/api/v1/session", { data: { username: "admin", password: ADMIN_PASSWORD } });
  expect(login.status()).toBe(200);
  const res = await request.post("/api/v1/clusters", {
    headers: { origin: "https://evil.example" },
    data: { name: "csrf", host: "127.0.0.1", username: "x" },
  });
  expect(res.status()).toBe(403);
  const list = await (await request.get("/api/v1/clusters")).json();
  expect(list.clusters.map((c: { name: string }) => c.name)).not.toContain("csrf");
});

test("the API never returns a cluster's password and validates input per field", async ({ request }) => {
  await request.post("/api/v1/session", { data: { username: "admin", password: ADMIN_PASSWORD } });
  const bad = await request.post("/api/v1/clusters", {
    headers: { origin: baseURL },
    data: { name: " ", host: "x y", port: 0, username: "" },
  });
  expect(bad.status()).toBe(400);
  const { error } = await bad.json();
  expect(Object.keys(error.fields).sort()).toEqual(["host", "name", "port", "username"]);

  const secret = "api-secret-password-1234";
  const created = await request.post("/api/v1/clusters", {
    headers: { origin: baseURL },
    data: { name: `api-${Date.now()}`, host: "127.0.0.1", port: 1, username: "someone", password: secret },
  });
  expect(created.status()).toBe(201);
  const body = await created.text();
  expect(body).not.toContain(secret);
  const { cluster } = JSON.parse(body);
  expect(cluster.hasPassword).toBe(true);
  expect(await (await request.get(`/api/v1/clusters/${cluster.id}`)).text()).not.toContain(secret);
  expect(await (await request.get("/api/v1/clusters")).text()).not.toContain(secret);
});
