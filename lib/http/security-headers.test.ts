import { describe, expect, it } from "vitest";
import { API_CSP, pageCsp, securityHeaders } from "@/lib/http/security-headers";

describe("security headers", () => {
  it("let a page run only the scripts carrying its nonce, and nothing frame it", () => {
    const csp = pageCsp("abc123");
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });

  it("let nothing load in an API answer", () => {
    expect(API_CSP).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it("forbid framing and sniffing, keep the referrer on this origin, and send HSTS only with secure cookies", () => {
    expect(securityHeaders(API_CSP, { secureCookies: false })).toEqual({
      "content-security-policy": API_CSP,
      "x-frame-options": "DENY",
      "x-content-type-options": "nosniff",
      "referrer-policy": "same-origin",
    });
    expect(securityHeaders(API_CSP, { secureCookies: true })["strict-transport-security"]).toBe("max-age=31536000");
  });
});
