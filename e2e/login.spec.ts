import { expect, test } from "@playwright/test";
import { shoot, signIn } from "./helpers";

test("a wrong password is refused and says so", async ({ page }) => {
  await signIn(page, "not-the-password");
  await expect(page.getByRole("alert").filter({ hasText: "Wrong user name or password." })).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  await shoot(page, "login-refused");
});

test("nothing is visible before signing in", async ({ page }) => {
  await page.goto("/clusters");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText("demo")).toHaveCount(0);
});

test("signing in shows the clusters; signing out ends the session", async ({ page }) => {
  await signIn(page);
  await expect(page).toHaveURL(/\/clusters$/);
  await expect(page.getByRole("link", { name: "demo", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/clusters");
  await expect(page).toHaveURL(/\/login$/);
});
