/**
 * The headers every response carries: pages from proxy.ts, /api/v1 answers from route(). See
 * docs/decisions/0012 for why scripts may be inline.
 */
const PAGE_CSP = [
  "default-src 'self'",
  // Next.js hydrates with inline <script> tags; nonces would make every page dynamic (0012).
  "script-src 'self' 'unsafe-inline'",
  // React renders style attributes (progress bars) into the HTML.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

// JSON is never rendered as a document: nothing may load, nothing may frame it.
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export function securityHeaders(kind: "page" | "api", opts: { secureCookies: boolean }): Record<string, string> {
  return {
    "content-security-policy": kind === "page" ? PAGE_CSP : API_CSP,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    // Only over HTTPS (what WAYBACK_SECURE_COOKIES says): HSTS on plain HTTP would lock browsers
    // out of a dashboard that has no certificate.
    ...(opts.secureCookies ? { "strict-transport-security": "max-age=31536000" } : {}),
  };
}

export function withSecurityHeaders(res: Response, kind: "page" | "api", opts: { secureCookies: boolean }): Response {
  for (const [name, value] of Object.entries(securityHeaders(kind, opts))) res.headers.set(name, value);
  return res;
}
