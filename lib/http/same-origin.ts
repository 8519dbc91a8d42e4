/**
 * Whether a browser write comes from the dashboard's own pages (against CSRF and login CSRF).
 * Browsers add Sec-Fetch-Site and Origin themselves and no page can set or remove them; the
 * Host and X-Forwarded-* headers prove nothing (a client writes what it likes, and DNS rebinding
 * points a foreign name at this server), so the origin is compared with the configured public URL.
 * Forwarded headers count only when the operator says a proxy sets them (WAYBACK_TRUST_PROXY).
 */
export interface OriginPolicy {
  publicOrigin: string;
  trustProxy: boolean;
}

const USE_A_TOKEN = "Scripts authenticate with an API token (Authorization: Bearer) instead.";

/**
 * Why the write is refused, or null. `carriesCookie`: the request brings a session cookie, so a
 * request with neither header cannot be told apart from a cross-site one and is refused; without
 * a cookie (signing in from a script) only a foreign origin is.
 */
export function crossOriginProblem(headers: Headers, policy: OriginPolicy, carriesCookie: boolean): string | null {
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite !== null && fetchSite !== "same-origin") {
    return `Refused: the browser says this request came from another site (Sec-Fetch-Site: ${fetchSite}). Writes are accepted only from the dashboard's own pages. ${USE_A_TOKEN}`;
  }
  const origin = headers.get("origin");
  if (origin !== null && !allowedOrigins(headers, policy).includes(origin)) {
    return `Refused: Origin ${origin} is not the dashboard's address, ${policy.publicOrigin}. Open the dashboard at that address, or set WAYBACK_PUBLIC_URL to the address users open (behind a proxy that sets X-Forwarded-Host, WAYBACK_TRUST_PROXY=true).`;
  }
  if (origin === null && fetchSite === null && carriesCookie) {
    return `Refused: this write carries a session cookie but neither an Origin nor a Sec-Fetch-Site header, so it cannot be told apart from a cross-site request (browsers always send one). ${USE_A_TOKEN}`;
  }
  return null;
}

function allowedOrigins(headers: Headers, policy: OriginPolicy): string[] {
  const own = [policy.publicOrigin, ...loopbackAliases(policy.publicOrigin)];
  const forwardedHost = first(headers.get("x-forwarded-host"));
  if (!policy.trustProxy || !forwardedHost) return own;
  const proto = first(headers.get("x-forwarded-proto")) ?? new URL(policy.publicOrigin).protocol.slice(0, -1);
  return [...own, `${proto}://${forwardedHost}`];
}

const LOOPBACK = ["127.0.0.1", "localhost", "[::1]"];

/**
 * A dashboard published on a loopback address is opened as localhost just as often as 127.0.0.1
 * (the default). These names always mean this machine, so DNS rebinding cannot borrow them: only
 * an attacker's own name can be pointed here, and that stays refused.
 */
function loopbackAliases(origin: string): string[] {
  const url = new URL(origin);
  if (!LOOPBACK.includes(url.hostname)) return [];
  return LOOPBACK.filter((h) => h !== url.hostname).map((h) => `${url.protocol}//${h}${url.port ? `:${url.port}` : ""}`);
}

/** The first value of a header a chain of proxies may have appended to. */
function first(value: string | null): string | undefined {
  return value?.split(",")[0]?.trim() || undefined;
}
