import { defineConfig } from "@playwright/test";

// The app under test runs exactly as `npm start` runs it, on its own data directory (fresh each
// `npm test` run: scripts/test.ts removes it) and port (scripts/test.ts picks a free one; 3107 when
// Playwright is run by hand), against Debian's Chromium.
const port = Number(process.env.WAYBACK_E2E_PORT ?? 3107);
export const baseURL = `http://127.0.0.1:${port}`;
export const ADMIN_PASSWORD = "e2e-admin-password";
// scripts/test.ts moves it where PostgreSQL's OS user can reach it when the checkout is closed to it.
export const E2E_DATA_DIR = process.env.WAYBACK_E2E_DATA_DIR ?? ".wayback-test/e2e";
// The OpenID provider e2e/oidc.spec.ts starts (test/auth/test-provider.ts): the app is configured
// for it from the start, on the port after the dashboard's unless told otherwise.
export const OIDC_E2E = {
  port: Number(process.env.WAYBACK_E2E_OIDC_PORT ?? port + 1),
  clientId: "wayback",
  clientSecret: "e2e-oidc-client-secret",
  roleMap: { "wayback-viewers": "viewer", "wayback-operators": "operator", "wayback-admins": "admin" },
};

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
      WAYBACK_OIDC_ISSUER: `http://127.0.0.1:${OIDC_E2E.port}`,
      WAYBACK_OIDC_CLIENT_ID: OIDC_E2E.clientId,
      WAYBACK_OIDC_CLIENT_SECRET: OIDC_E2E.clientSecret,
      WAYBACK_OIDC_NAME: "Test IdP",
      WAYBACK_OIDC_SCOPES: "openid profile groups",
      WAYBACK_OIDC_ROLE_MAP: JSON.stringify(OIDC_E2E.roleMap),
      // The other specs sign in local viewers and operators with passwords.
      WAYBACK_LOCAL_SIGN_IN: "on",
    },
  },
});
