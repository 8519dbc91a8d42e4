import { defineConfig } from "@playwright/test";

// The app under test runs exactly as `npm start` runs it, on its own data directory (fresh each
// `npm test` run: scripts/test.ts removes it) and port (scripts/test.ts picks a free one; 3107 when
// Playwright is run by hand), against Debian's Chromium.
const port = Number(process.env.WAYBACK_E2E_PORT ?? 3107);
export const baseURL = `http://127.0.0.1:${port}`;
export const ADMIN_PASSWORD = "e2e-admin-password";
// scripts/test.ts moves it where PostgreSQL's OS user can reach it when the checkout is closed to it.
export const E2E_DATA_DIR = process.env.WAYBACK_E2E_DATA_DIR ?? ".wayback-test/e2e";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  timeout: 60_000,
  expect: { timeout: 20_000 },
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "off",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "node --import tsx scripts/start.ts",
    url: `${baseURL}/login`,
    timeout: 180_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    stdout: "pipe",
    env: {
      WAYBACK_DATA_DIR: E2E_DATA_DIR,
      PORT: String(port),
      WAYBACK_ADMIN_PASSWORD: ADMIN_PASSWORD,
      WAYBACK_SKIP_BUILD: "1",
      WAYBACK_LOG_LEVEL: "warn",
      // Alerts within seconds, not the production 30 s.
      WAYBACK_MONITOR_INTERVAL_MS: "2000",
      WAYBACK_SUPERVISE_MS: "3000",
    },
  },
});
