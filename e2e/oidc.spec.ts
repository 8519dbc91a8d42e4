import { expect, test, type Page } from "@playwright/test";
import { baseURL, OIDC_E2E } from "../playwright.config";
import { startTestProvider, type TestProvider } from "../test/auth/test-provider";
import { shoot } from "./helpers";

// A certified OpenID provider (oidc-provider) on loopback, on the port the app was configured
// with (playwright.config.ts); its development login page takes any login name.
let idp: TestProvider;
test.beforeAll(async () => {
  idp = await startTestProvider({
    redirectUri: `${baseURL}/api/v1/session/oidc/callback`,
    port: OIDC_E2E.port,
    clientSecret: OIDC_E2E.clientSecret,
  });
});
test.afterAll(() => idp?.close());

async function signInAtProvider(page: Page, login: string) {
  await page.goto("/login");
  await page.getByRole("link", { name: "Sign in with Test IdP" }).click();
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

/** The top bar's "Signed in as <name> <role>". */
const signedInAs = (page: Page, name: string, role: string) =>
  expect(page.getByRole("link", { name: new RegExp(`^Signed in as ${name}\\s*${role}$`) })).toBeVisible();

test("signs in through the provider's own login page with the role the groups map to; no token is readable by script", async ({ page }) => {
  idp.setGroups("olivia", ["staff", "wayback-operators"]);
  await signInAtProvider(page, "olivia");
  await expect(page).toHaveURL(/\/clusters$/);
  await signedInAs(page, "olivia", "operator");
  // The session cookie is httpOnly and nothing else was left behind for script to read.
  expect(await page.evaluate(() => document.cookie)).toBe("");
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))).toBe("{}");
  await shoot(page, "oidc-signed-in");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/clusters");
  await expect(page).toHaveURL(/\/login$/);
});

test("a group change at the provider gives the new role at the next sign-in", async ({ page }) => {
  idp.setGroups("peter", ["wayback-viewers"]);
  await signInAtProvider(page, "peter");
  await signedInAs(page, "peter", "viewer");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);

  idp.setGroups("peter", ["wayback-admins"]);
  // The provider still has peter's session: no login page this time, straight back as admin.
  await page.getByRole("link", { name: "Sign in with Test IdP" }).click();
  await expect(page).toHaveURL(/\/clusters$/);
  await signedInAs(page, "peter", "admin");
});

test("a user whose groups map to no role is refused and told why", async ({ page }) => {
  idp.setGroups("quentin", ["staff"]);
  await signInAtProvider(page, "quentin");
  await expect(page).toHaveURL(/\/login\?sso=no_role$/);
  await expect(page.getByRole("alert").filter({ hasText: "Your account has no Wayback role" })).toBeVisible();
  await shoot(page, "oidc-no-role");
  await page.goto("/clusters");
  await expect(page).toHaveURL(/\/login$/);
});
