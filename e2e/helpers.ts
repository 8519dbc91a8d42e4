import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { ADMIN_PASSWORD, baseURL, E2E_DATA_DIR } from "../playwright.config";

export async function signIn(page: Page, password = ADMIN_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("User name").fill("admin");
  await page.getByLabel("Password").fill(password);
  // Returns once the server has answered, right or wrong: it hashes with argon2, which takes more
  // than an assertion's 20 s on a loaded machine, and what a spec does next depends on the answer.
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/api/v1/session", {
    timeout: 120_000,
  });
  await page.getByRole("button", { name: "Sign in" }).click();
  await answered;
}

/** Saves a screenshot of what the user sees under test-artifacts/ (git-ignored). */
export async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join("test-artifacts", "screenshots", `${name}.png`), fullPage: true });
}

/** The demo cluster the app under test made: its port and the password of its `wayback` role. */
export function demoInstance(): { port: number; password: string } {
  const state = JSON.parse(fs.readFileSync(path.join(E2E_DATA_DIR, "state.json"), "utf8"));
  return state.demo;
}

export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** Opens one section of the cluster page through its section bar, and waits for the URL to name it. */
export async function openClusterTab(page: Page, label: string): Promise<void> {
  await page.getByRole("navigation", { name: "Cluster sections" }).getByRole("link", { name: label, exact: true }).click();
  await expect(page).toHaveURL(label === "Overview" ? /\/clusters\/[^/?]+$/ : new RegExp(`[?&]tab=${label.toLowerCase()}`));
}

/**
 * A DELETE through the API as the signed-in browser sends it: with its origin, as the API refuses
 * cross-site writes. For a spec's cleanup: a refusal fails the spec softly (the spec's own error,
 * if any, is still the one thrown), as what it leaves behind would trouble later specs.
 */
export async function apiDelete(page: Page, url: string): Promise<void> {
  const res = await page.request.delete(url, { headers: { origin: baseURL } });
  expect.soft(res.ok(), `DELETE ${url} answered HTTP ${res.status()}`).toBe(true);
}
