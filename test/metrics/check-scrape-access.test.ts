import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { checkScrapeAccess } from "@/lib/metrics/check-scrape-access";

const TOKEN = "wbm_0123456789abcdef0123456789abcdef";
const HASH = createHash("sha256").update(TOKEN).digest("hex");
const env: NodeJS.ProcessEnv = {
  NODE_ENV: "test",
  DATABASE_URL: "postgresql://x/y",
  REDIS_URL: "redis://x",
  WAYBACK_SECRET_KEY: "00".repeat(32),
};

const outcome = (run: () => void) => {
  try {
    run();
    return "allowed";
  } catch (err) {
    return (err as { status?: number }).status === 401 ? `401: ${(err as Error).message}` : `unexpected ${String(err)}`;
  }
};

describe("who may scrape /metrics", () => {
  it("takes the token whose SHA-256 is configured, and nothing else", () => {
    const access = { tokenSha256: HASH, loopback: false };
    expect(outcome(() => checkScrapeAccess(`Bearer ${TOKEN}`, access, "192.0.2.10"))).toBe("allowed");
    expect(outcome(() => checkScrapeAccess(`bearer ${TOKEN}`, access, "192.0.2.10"))).toBe("allowed");
    expect(outcome(() => checkScrapeAccess(`Bearer ${TOKEN}x`, access, "192.0.2.10"))).toBe("401: The metrics token is wrong.");
    expect(outcome(() => checkScrapeAccess(`Basic ${TOKEN}`, access, "192.0.2.10"))).toBe("401: The metrics token is wrong.");
    // The hash itself is not the token.
    expect(outcome(() => checkScrapeAccess(`Bearer ${HASH}`, access, "192.0.2.10"))).toBe("401: The metrics token is wrong.");
    expect(outcome(() => checkScrapeAccess(null, access, "127.0.0.1"))).toMatch(/^401: Send the metrics token/);
  });

  it("lets loopback clients in without a token only where the installation allows it", () => {
    const loopback = { tokenSha256: null, loopback: true };
    for (const ip of ["127.0.0.1", "127.3.2.1", "::1", "::ffff:127.0.0.1"]) {
      expect(
        outcome(() => checkScrapeAccess(null, loopback, ip)),
        ip,
      ).toBe("allowed");
    }
    for (const ip of ["192.0.2.10", "10.0.0.1", "::ffff:10.0.0.1", "unknown", "127.0.0.1.example.com"]) {
      expect(
        outcome(() => checkScrapeAccess(null, loopback, ip)),
        ip,
      ).toMatch(/^401/);
    }
    // A token that is sent is checked even from loopback: with none configured, it is wrong.
    expect(outcome(() => checkScrapeAccess(`Bearer ${TOKEN}`, loopback, "127.0.0.1"))).toBe("401: The metrics token is wrong.");
  });

  it("is closed until configured, and says how to open it", () => {
    const closed = parseConfig(env).metrics;
    expect(closed).toEqual({ tokenSha256: null, loopback: false });
    expect(outcome(() => checkScrapeAccess(null, closed, "127.0.0.1"))).toMatch(
      /WAYBACK_METRICS_TOKEN_SHA256 nor WAYBACK_METRICS_LOOPBACK/,
    );
    expect(outcome(() => checkScrapeAccess("Bearer anything", closed, "127.0.0.1"))).toBe("401: The metrics token is wrong.");
  });
});

describe("metrics settings", () => {
  it("keeps the hash in lower case and refuses what is not one", () => {
    expect(parseConfig({ ...env, WAYBACK_METRICS_TOKEN_SHA256: HASH.toUpperCase() }).metrics.tokenSha256).toBe(HASH);
    expect(() => parseConfig({ ...env, WAYBACK_METRICS_TOKEN_SHA256: TOKEN })).toThrow(/WAYBACK_METRICS_TOKEN_SHA256 is the SHA-256/);
  });

  it("allows token-less loopback scrapes only when the dashboard listens on loopback", () => {
    expect(parseConfig({ ...env, WAYBACK_METRICS_LOOPBACK: "true" }).metrics.loopback).toBe(true);
    expect(parseConfig({ ...env, WAYBACK_METRICS_LOOPBACK: "true", HOST: "::1" }).metrics.loopback).toBe(true);
    expect(parseConfig({ ...env, WAYBACK_METRICS_LOOPBACK: "true", HOST: "localhost" }).metrics.loopback).toBe(true);
    for (const host of ["0.0.0.0", "::", "192.0.2.10", "wayback.example.com"]) {
      expect(() => parseConfig({ ...env, WAYBACK_METRICS_LOOPBACK: "true", HOST: host }), host).toThrow(/needs HOST on loopback/);
    }
    expect(() => parseConfig({ ...env, WAYBACK_METRICS_LOOPBACK: "yes" })).toThrow(/WAYBACK_METRICS_LOOPBACK is true or false/);
  });
});
