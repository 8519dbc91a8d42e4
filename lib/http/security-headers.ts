/**
 * The headers every response carries: pages from proxy.ts, /api/v1 answers from route(). See
 * docs/decisions/0012.
 */

/**
 * A page's policy. Next.js hydrates with inline <script> tags and loads its chunks from script;
 * it puts the request's nonce on every script it writes, and 'strict-dynamic' extends that trust
 * to the chunks those scripts load, so no other script runs, inline or not.
 */
export function pageCsp(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    // React renders style attributes (progress bars) into the HTML; a nonce cannot cover those.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

// JSON is never rendered as a document: nothing may load, nothing may frame it.
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export function securityHeaders(csp: string, opts: { secureCookies: boolean }): Record<string, string> {
  return {
    "content-security-policy": csp,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    // Only over HTTPS (what WAYBACK_SECURE_COOKIES says): HSTS on plain HTTP would lock browsers
    // out of a dashboard that has no certificate.
    ...(opts.secureCookies ? { "strict-transport-security": "max-age=31536000" } : {}),
  };
}

export function withSecurityHeaders<R extends Response>(res: R, csp: string, opts: { secureCookies: boolean }): R {
  for (const [name, value] of Object.entries(securityHeaders(csp, opts))) res.headers.set(name, value);
  return res;
}
