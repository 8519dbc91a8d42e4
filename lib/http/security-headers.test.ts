import { describe, expect, it } from "vitest";
import { securityHeaders } from "@/lib/http/security-headers";

describe("securityHeaders", () => {
  it("forbids framing, sniffing and foreign scripts on pages", () => {
    const h = securityHeaders("page", { secureCookies: false });
    expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(h["content-security-policy"]).toContain("script-src 'self' 'unsafe-inline'");
    expect(h["content-security-policy"]).toContain("object-src 'none'");
    expect(h).toMatchObject({ "x-frame-options": "DENY", "x-content-type-options": "nosniff", "referrer-policy": "same-origin" });
  });

  it("lets nothing load in an API answer", () => {
    expect(securityHeaders("api", { secureCookies: false })["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it("sends HSTS only when cookies are secure (served over HTTPS)", () => {
    expect(securityHeaders("page", { secureCookies: false })["strict-transport-security"]).toBeUndefined();
    expect(securityHeaders("api", { secureCookies: true })["strict-transport-security"]).toBe("max-age=31536000");
  });
});
