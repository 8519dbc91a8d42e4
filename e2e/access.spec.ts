import { expect, test, type Page } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { shoot, signIn, unique } from "./helpers";

async function signInAs(page: Page, username: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("User name").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/clusters$/);
}

// An admin adds an operator and gives them an API token; the operator sees no admin controls and
// the API refuses them admin work; the token works from a script; the audit page shows it all.
test("an admin adds an operator and a token; the operator cannot do admin work; the audit log shows what happened", async ({
  page,
  browser,
}) => {
  const operator = unique("olga");
  const password = "operator password 1";

  // 1. The admin adds the operator.
  await signIn(page);
  await expect(page.getByRole("heading", { name: "Clusters", level: 1 })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  const addUser = page.getByRole("form", { name: "Add user" });
  await addUser.getByLabel("User name").fill(operator);
  await addUser.getByLabel("Password").fill("short");
  await addUser.getByLabel("Role").selectOption("operator");
  await addUser.getByRole("button", { name: "Add user" }).click();
  await expect(addUser.getByText("Use at least 12 characters.")).toBeVisible();
  await addUser.getByLabel("Password").fill(password);
  await addUser.getByRole("button", { name: "Add user" }).click();
  await expect(addUser.getByRole("status")).toContainText(`Added ${operator} (operator)`);
  const users = page.getByRole("table", { name: "Users" });
  await expect(users.getByRole("combobox", { name: `Role of ${operator}` })).toHaveValue("operator");

  // 2. … and a token acting as them, shown once.
  const tokenForm = page.getByRole("form", { name: "Create API token" });
  await tokenForm.getByLabel("Name", { exact: true }).fill(`${operator}-ci`);
  await tokenForm.getByLabel("Acts as user").selectOption({ label: `${operator} (operator)` });
  await expect(tokenForm.getByLabel("Role").locator("option")).toHaveText(["viewer", "operator"]);
  await tokenForm.getByLabel("Role").selectOption("operator");
  await tokenForm.getByRole("button", { name: "Create token" }).click();
  const secret = (await tokenForm.getByLabel("New API token", { exact: true }).textContent())!.trim();
  expect(secret).toMatch(/^wbt_/);
  await expect(page.getByRole("table", { name: "API tokens" }).getByRole("row", { name: new RegExp(`${operator}-ci`) })).toContainText(
    "active",
  );
  await shoot(page, "access-users");

  // 3. A script uses the token: no cookie, no Origin, like curl.
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${baseURL}${path}`, { ...init, headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" } });
  const me = await api("/api/v1/session");
  expect(me.status).toBe(200);
  expect((await me.json()).user).toMatchObject({ username: operator, role: "operator" });
  expect((await api("/api/v1/clusters")).status).toBe(200);
  const refused = await api("/api/v1/users", {
    method: "POST",
    body: JSON.stringify({ username: unique("x"), password: "x".repeat(20), role: "admin" }),
  });
  expect(refused.status).toBe(403);
  expect((await refused.json()).error.message).toBe("This needs the admin role.");

  // 4. The operator signs in: no admin controls; the API refuses admin work to their session too.
  const context = await browser.newContext({ baseURL });
  const op = await context.newPage();
  try {
    await signInAs(op, operator, password);
    const nav = op.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Clusters" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Audit" })).toHaveCount(0);
    await expect(op.getByRole("link", { name: "Add cluster" })).toHaveCount(0);
    await shoot(op, "access-operator-clusters");
    await op.goto("/users");
    await expect(op).toHaveURL(/\/users\/me$/);
    await expect(op.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
    const asOperator = await op.request.post("/api/v1/users", {
      headers: { origin: baseURL },
      data: { username: unique("y"), password: "x".repeat(20), role: "viewer" },
    });
    expect(asOperator.status()).toBe(403);
    expect((await op.request.get("/api/v1/audit")).status()).toBe(403);
  } finally {
    await context.close();
  }

  // 5. The admin's audit page shows all of it.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).click();
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  const log = page.getByRole("table", { name: "Audit log" });
  await expect(log.getByRole("row").filter({ hasText: "user.create" }).filter({ hasText: operator }).first()).toBeVisible();
  await expect(
    log
      .getByRole("row")
      .filter({ hasText: "token.create" })
      .filter({ hasText: `${operator}-ci` }),
  ).toBeVisible();
  await expect(page.getByText("That is the oldest matching record.")).toBeVisible();

  const filters = page.getByRole("form", { name: "Filter the audit log" });
  await filters.getByLabel("User", { exact: true }).fill(operator);
  const theirs = log.getByRole("row").filter({ hasText: operator });
  await expect(theirs.filter({ hasText: "session.login" })).toContainText("ok 200");
  const refusedByToken = theirs.filter({ hasText: "user.create" }).filter({ hasText: "API token" });
  await expect(refusedByToken).toContainText("refused 403");
  await filters.getByLabel("Outcome").selectOption("refused");
  await expect(log.getByRole("row").filter({ hasText: "user.create" })).toHaveCount(2);
  await expect(log.getByRole("row").filter({ hasText: "session.login" })).toHaveCount(0);
  await shoot(page, "access-audit");

  // 6. Revoking the token stops the script at once; the last admin cannot remove themselves.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await page.getByRole("button", { name: `Revoke token ${operator}-ci` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByRole("table", { name: "API tokens" }).getByRole("row", { name: new RegExp(`${operator}-ci`) })).toContainText(
    "revoked",
  );
  expect((await api("/api/v1/clusters")).status).toBe(401);
  await page.getByRole("button", { name: "Remove user admin" }).click();
  const remove = page.getByRole("dialog");
  await remove.getByRole("button", { name: "Remove user" }).click();
  await expect(remove.getByRole("alert")).toHaveText("This is the last admin and cannot be removed: make another user an admin first.");
  await remove.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("button", { name: "Remove user admin" })).toBeFocused();
});

test("too many wrong passwords lock the user name and say for how long", async ({ page, request }) => {
  await signIn(page);
  await expect(page.getByRole("heading", { name: "Clusters", level: 1 })).toBeVisible();
  const name = unique("lock");
  const created = await page.request.post("/api/v1/users", {
    headers: { origin: baseURL },
    data: { username: name, password: "the right password", role: "viewer" },
  });
  expect(created.status()).toBe(201);
  for (let i = 0; i < 5; i++) {
    expect((await request.post("/api/v1/session", { data: { username: name, password: `wrong ${i}` } })).status()).toBe(401);
  }
  const context = await page.context().browser()!.newContext({ baseURL });
  const other = await context.newPage();
  try {
    await other.goto("/login");
    await other.getByLabel("User name").fill(name);
    await other.getByLabel("Password").fill("the right password");
    await other.getByRole("button", { name: "Sign in" }).click();
    await expect(other.getByRole("alert").filter({ hasText: "Too many" })).toHaveText(
      "Too many failed sign-ins for this user name. Try again in 15 minutes.",
    );
    await expect(other).toHaveURL(/\/login$/);
    await shoot(other, "access-locked");
  } finally {
    await context.close();
  }
});
