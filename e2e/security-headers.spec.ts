import { expect, test, type APIResponse, type Response } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { signIn } from "./helpers";

function expectSecurityHeaders(res: Response | APIResponse | null, csp: RegExp): void {
  const h = res!.headers();
  expect(h["content-security-policy"]).toMatch(csp);
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("same-origin");
  // Served over plain HTTP without secure cookies: no HSTS.
  expect(h["strict-transport-security"]).toBeUndefined();
}

test("pages and API answers carry the security headers, and the dashboard still works under its CSP", async ({ page }) => {
  const refusedByCsp: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) refusedByCsp.push(m.text());
  });
  expectSecurityHeaders(await page.goto("/login"), /frame-ancestors 'none'/);
  // Signing in is a client-side fetch: it works only when the page's scripts ran.
  await signIn(page);
  await expect(page).toHaveURL(/\/clusters$/);
  await expect(page.getByRole("link", { name: "demo", exact: true })).toBeVisible();
  const reloaded = await page.reload();
  expectSecurityHeaders(reloaded, /script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  // A fresh nonce per page view.
  expect(reloaded!.headers()["content-security-policy"]).not.toBe((await page.reload())!.headers()["content-security-policy"]);
  expectSecurityHeaders(await page.request.get("/api/v1/clusters"), /^default-src 'none'; frame-ancestors 'none'$/);
  expect(refusedByCsp).toEqual([]);

  // A write with the session cookie but without a browser's Origin is refused, saying why.
  const refused = await page.request.delete("/api/v1/session");
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toContain("neither an Origin nor a Sec-Fetch-Site header");
  expect((await page.request.delete("/api/v1/session", { headers: { origin: baseURL } })).status()).toBe(204);
});
