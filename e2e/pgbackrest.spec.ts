import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { archiveCommandFor, stanzaNameFor } from "../lib/domain/pgbackrest-config";
import { ownedStanzaDir } from "../lib/engines/cluster-engine";
import { setSettings } from "../lib/pg/instance";
import { STANZA_CONFIG_FILE } from "../lib/pgbackrest/write-stanza-config";
import { createTestCluster, type TestCluster } from "../test/harness/cluster";
import { allowPeerForPostgres } from "../test/pgbackrest/copies";
import { baseURL, E2E_DATA_DIR } from "../playwright.config";
import { openClusterTab, shoot, signIn, unique } from "./helpers";

// A pgBackRest cluster from the dashboard (issue 22): a real PostgreSQL server of its own (the
// demo cluster is the other specs'), registered with the pgBackRest engine through the form, its
// archive_command set on the server exactly as the cluster page shows it, then a full and an
// incremental backup taken with "Back up now" and read back in the backups list and on the
// incremental's page. Then a Wayback-engine cluster on the same server: one "Back up now", and
// "Import an existing stanza" refused in the form (the API's schema) and by the server.
test.describe.configure({ timeout: 600_000 });

let server: TestCluster | undefined;
let registered: { id: string; name: string } | undefined;

test.beforeAll(async () => {
  // Archiving on from the start (it needs a restart) with no command yet, so nothing fails (nor
  // alerts) before the command the page shows is set.
  server = await createTestCluster({ settings: { archive_mode: "on" } });
  // pgBackRest logs in over the server's socket as the server's OS user.
  await allowPeerForPostgres(server);
  await server.query("CREATE TABLE marks (n int PRIMARY KEY)");
});

test.afterAll(async ({ browser }) => {
  try {
    if (registered) {
      const page = await browser.newPage();
      await signIn(page);
      await expect(page.getByRole("heading", { name: "Clusters", level: 1 })).toBeVisible();
      const removed = await page.request.delete(`/api/v1/clusters/${registered.id}?${new URLSearchParams({ confirm: registered.name })}`, {
        headers: { origin: baseURL },
      });
      await page.close();
      expect(removed.status()).toBe(204);
    }
  } finally {
    await server?.destroy();
  }
});

interface BackupJob {
  id: string;
  type: string;
  status: string;
  error: string | null;
}

/**
 * "Back up now" with the kind chosen beside it, then waits for the backup job it started to end
 * (read from the jobs API, so a failure ends the wait with the job's error).
 */
async function backUp(page: Page, clusterId: string, kind: "Full" | "Differential" | "Incremental") {
  const jobs = async () => {
    const res = await page.request.get(`/api/v1/jobs?${new URLSearchParams({ clusterId, limit: "20" })}`);
    return ((await res.json()).jobs as BackupJob[]).filter((j) => j.type === "backup.full");
  };
  const before = new Set((await jobs()).map((j) => j.id));
  const button = page.getByRole("button", { name: "Back up now" });
  await expect(button).toBeEnabled();
  await page.getByLabel("Backup kind").selectOption({ label: kind });
  await button.click();
  let job: BackupJob | undefined;
  await expect
    .poll(
      async () => {
        job = (await jobs()).find((j) => !before.has(j.id));
        return job?.status;
      },
      { timeout: 300_000, intervals: [1_000] },
    )
    .toMatch(/^(succeeded|failed)$/);
  expect(job!.error).toBeNull();
}

test("a pgBackRest cluster: registered with its data directory, archive_command from its page, a full and an incremental from Back up now, the chain on the incremental's page", async ({
  page,
}) => {
  const source = server!;
  const name = unique("pgbr");
  await signIn(page);
  await expect(page.getByRole("heading", { name: "Clusters", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Add cluster" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Host", { exact: true }).fill("127.0.0.1");
  await page.getByLabel("Port").fill(String(source.port));
  await page.getByLabel("Database").fill("postgres");
  await page.getByLabel("User").fill("postgres");
  await page.getByLabel("Password").fill(source.password);
  await page.getByLabel("Backup engine").selectOption({ label: "pgBackRest" });
  await expect(page.getByText("full, differential and incremental backups")).toBeVisible();

  // The server's own engine rule, in the form before anything is sent: a data directory, archive_command archiving.
  await page.getByRole("button", { name: "Save cluster" }).click();
  await expect(page.getByText("pgBackRest runs where the data directory is: give its path on the worker's host.")).toBeVisible();
  await expect(page.getByText("pgBackRest archives WAL through archive_command (archive-push): choose archive_command.")).toBeVisible();
  await page.getByLabel("Data directory").fill(source.dataDir);
  await page.getByLabel("WAL archiving").selectOption("archive_command");
  await shoot(page, "pgbackrest-cluster-form");
  await page.getByRole("button", { name: "Save cluster" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const id = page.url().split("/clusters/")[1]!.split("?")[0]!;
  registered = { id, name };

  // The stanza Wayback writes for it, and the exact archive_command to set on the server.
  await openClusterTab(page, "Archiving");
  const configPath = path.join(ownedStanzaDir(path.resolve(E2E_DATA_DIR, "spool"), id), STANZA_CONFIG_FILE);
  const archiveCommand = page.getByTestId("archive-command");
  await expect(archiveCommand).toHaveText(archiveCommandFor(configPath, stanzaNameFor(name)));
  const region = page.getByRole("region", { name: "pgBackRest" });
  await expect(region.getByText(stanzaNameFor(name), { exact: true })).toBeVisible();
  await expect(region.getByText(configPath, { exact: true })).toBeVisible();
  await expect(region.getByRole("button", { name: "Copy the archive_command" })).toBeVisible();
  await shoot(page, "pgbackrest-stanza");
  await setSettings(source.spec, { archive_command: (await archiveCommand.textContent())! });

  // A full, rows written, then an incremental against it.
  await backUp(page, id, "Full");
  await source.query("INSERT INTO marks SELECT generate_series(1, 1000)");
  await backUp(page, id, "Incremental");

  await openClusterTab(page, "Backups");
  const rows = page.getByRole("table", { name: `Backups of ${name}` }).getByRole("row");
  await expect(rows).toHaveCount(3);
  // Newest first: the incremental, then the full, both complete.
  await expect(rows.nth(1)).toContainText("Incremental");
  await expect(rows.nth(1)).toContainText("Complete");
  await expect(rows.nth(2)).toContainText("Full");
  await expect(rows.nth(2)).toContainText("Complete");
  const fullLabel = (await rows.nth(2).getByRole("link").first().textContent())!;
  await shoot(page, "pgbackrest-backups");

  // The incremental restores with the full: its page links down the chain to it.
  await rows.nth(1).getByRole("link").first().click();
  const chain = page.getByTestId("parent-chain");
  await expect(chain).toContainText("(incremental)");
  await chain.getByRole("link", { name: fullLabel }).click();
  await expect(page).toHaveURL(/\/backups\/[^/]+$/);
  await expect(page.getByText("Restores on its own.")).toBeVisible();

  // Its archive is the stanza's: the Archiving section offers no Wayback wal-push or wal-fetch command beside it.
  await page.goto(`/clusters/${id}?tab=archiving`);
  await expect(page.getByTestId("archive-command")).toBeVisible();
  await expect(page.getByText(/ wal-(push|fetch) /)).toHaveCount(0);
});

test("Import an existing stanza: checked by the API's schema in the form, the server's refusal shown, the cluster left on Wayback's engine", async ({
  page,
}) => {
  const source = server!;
  await signIn(page);
  await expect(page.getByRole("heading", { name: "Clusters", level: 1 })).toBeVisible();
  const name = unique("pgbr-import");
  // Archiving by archive_command: no WAL receiver (nor its slot) on the test's server.
  const created = await page.request.post("/api/v1/clusters", {
    headers: { origin: baseURL },
    data: { name, host: "127.0.0.1", port: source.port, username: "postgres", password: source.password, walMode: "archive_command" },
  });
  expect(created.status()).toBe(201);
  const id = (await created.json()).cluster.id as string;
  try {
    await page.goto(`/clusters/${id}`);
    await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
    // A Wayback-engine cluster's backups are always full: one button, no kind.
    await expect(page.getByRole("button", { name: "Back up now" })).toBeVisible();
    await expect(page.getByLabel("Backup kind")).toHaveCount(0);

    await openClusterTab(page, "Archiving");
    const form = page.getByRole("form", { name: "Import an existing stanza" });
    await form.getByLabel("Config path").fill("etc/pgbackrest.conf");
    await form.getByLabel("Stanza name").fill("main");
    await form.getByRole("button", { name: "Import stanza" }).click();
    await expect(form.getByText(/^Use an absolute path of letters, digits/)).toBeVisible();

    // Well formed, but no such config on the worker's host: the server refuses, nothing changes.
    await form.getByLabel("Config path").fill("/nonexistent/pgbackrest.conf");
    await form.getByRole("button", { name: "Import stanza" }).click();
    await expect(form.getByRole("alert")).toContainText("The worker cannot read the stanza config /nonexistent/pgbackrest.conf");
    await shoot(page, "pgbackrest-import-refused");
    const after = await (await page.request.get(`/api/v1/clusters/${id}`)).json();
    expect(after.cluster).toMatchObject({ engine: "wayback", pgbackrest: null });
  } finally {
    const removed = await page.request.delete(`/api/v1/clusters/${id}?${new URLSearchParams({ confirm: name })}`, {
      headers: { origin: baseURL },
    });
    expect(removed.status()).toBe(204);
  }
});
