import { expect, test } from "@playwright/test";
import { S3RVER_CREDENTIALS, startS3Server, type S3TestServer } from "../test/harness/s3-server";
import { shoot, signIn, unique } from "./helpers";

// A real S3-protocol server on loopback, which the app's worker reaches as it would a remote store.
let s3: S3TestServer;
test.beforeAll(async () => {
  s3 = await startS3Server({ bucket: "wayback-e2e" });
});
test.afterAll(() => s3.close());

test("An S3 repository is added in the form, never shows its key, and passes the worker's Test", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "Repositories" }).click();
  const name = unique("offsite");
  const form = page.getByRole("form", { name: "Add repository" });
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Kind", { exact: true }).selectOption("s3");
  await form.getByLabel("Bucket", { exact: true }).fill("wayback-e2e");
  await form.getByLabel("Prefix", { exact: true }).fill("e2e/");
  await form.getByLabel("Region", { exact: true }).fill("us-east-1");
  await form.getByLabel("Endpoint", { exact: true }).fill(s3.endpoint);
  await form.getByLabel(/Path-style addressing/).check();
  await form.getByLabel("Access key id", { exact: true }).fill(S3RVER_CREDENTIALS.accessKeyId);
  await form.getByLabel("Secret access key", { exact: true }).fill(S3RVER_CREDENTIALS.secretAccessKey);
  await form.getByRole("button", { name: "Add repository" }).click();
  await expect(form.getByRole("status")).toHaveText(`Repository ${name} added.`);

  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(`s3://wayback-e2e/e2e/ at ${s3.endpoint}`);
  await row.getByRole("button", { name: `Test ${name}` }).click();
  await expect(row.getByTestId("repository-test-result")).toContainText("Passed: Every operation works", { timeout: 60_000 });
  // Neither half of the key pair is anywhere on the page once saved (s3rver's pair is S3RVER/S3RVER).
  expect(await page.content()).not.toContain(S3RVER_CREDENTIALS.secretAccessKey);
  await shoot(page, "s3-repository");
});
