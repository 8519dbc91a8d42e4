import { describe, expect, it } from "vitest";
import { crossOriginProblem } from "@/lib/http/same-origin";

const policy = { publicOrigin: "https://wayback.example.com", trustProxy: false };
const check = (headers: Record<string, string>, opts: { trustProxy?: boolean; cookie?: boolean } = {}) =>
  crossOriginProblem(new Headers(headers), { ...policy, trustProxy: opts.trustProxy ?? false }, opts.cookie ?? true);

describe("crossOriginProblem", () => {
  it("accepts the dashboard's own pages: its origin, same-origin fetches", () => {
    expect(check({ origin: "https://wayback.example.com", "sec-fetch-site": "same-origin" })).toBeNull();
    expect(check({ origin: "https://wayback.example.com" })).toBeNull();
    expect(check({ "sec-fetch-site": "same-origin" })).toBeNull();
  });

  it("refuses what the browser says came from elsewhere, whatever the Origin", () => {
    for (const site of ["cross-site", "same-site", "none"]) {
      expect(check({ origin: "https://wayback.example.com", "sec-fetch-site": site })).toContain(`Sec-Fetch-Site: ${site}`);
    }
  });

  it("refuses another origin, naming the configured one and how to change it", () => {
    const problem = check({ origin: "https://evil.example" });
    expect(problem).toContain("Origin https://evil.example is not the dashboard's address, https://wayback.example.com.");
    expect(problem).toContain("WAYBACK_PUBLIC_URL");
    // Same host, another scheme or port is another origin.
    expect(check({ origin: "http://wayback.example.com" })).not.toBeNull();
    expect(check({ origin: "https://wayback.example.com:8443" })).not.toBeNull();
    expect(check({ origin: "null" })).not.toBeNull();
  });

  it("takes the other loopback names of a loopback dashboard, same scheme and port only", () => {
    const local = (origin: string) =>
      crossOriginProblem(new Headers({ origin }), { publicOrigin: "http://127.0.0.1:3000", trustProxy: false }, true);
    expect(local("http://127.0.0.1:3000")).toBeNull();
    expect(local("http://localhost:3000")).toBeNull();
    expect(local("http://[::1]:3000")).toBeNull();
    expect(local("http://localhost:3001")).not.toBeNull();
    expect(local("https://localhost:3000")).not.toBeNull();
    expect(local("http://rebound.example:3000")).not.toBeNull();
    // A dashboard published under a real name gets no aliases.
    expect(check({ origin: "http://localhost" })).not.toBeNull();
  });

  it("does not let X-Forwarded-Host vouch for an origin unless the proxy is trusted", () => {
    const forged = {
      origin: "https://evil.example",
      "x-forwarded-host": "evil.example",
      "x-forwarded-proto": "https",
      host: "evil.example",
    };
    expect(check(forged)).toContain("is not the dashboard's address");
    expect(check(forged, { trustProxy: true })).toBeNull();
    // The first value is the one the nearest trusted proxy set for the client.
    expect(
      check(
        { origin: "https://alias.example.com", "x-forwarded-host": "alias.example.com, inner:3000", "x-forwarded-proto": "https,http" },
        { trustProxy: true },
      ),
    ).toBeNull();
    // Without X-Forwarded-Proto the public URL's scheme is assumed.
    expect(check({ origin: "http://alias.example.com", "x-forwarded-host": "alias.example.com" }, { trustProxy: true })).not.toBeNull();
  });

  it("refuses a cookie write with neither header, saying why; allows it without a cookie (a script signing in)", () => {
    expect(check({})).toContain("neither an Origin nor a Sec-Fetch-Site header");
    expect(check({}, { cookie: false })).toBeNull();
    expect(check({ origin: "https://evil.example" }, { cookie: false })).not.toBeNull();
  });
});
