/** Reading the claims an OpenID provider asserts about a user (id token and userinfo, merged). */
export type Claims = Record<string, unknown>;

/**
 * A claim's values as a list of strings: a single string or an array of them (non-strings are
 * dropped). The name is looked up as it is first (namespaced claims like
 * "https://example.com/roles" contain dots), then as a dotted path ("realm_access.roles").
 */
export function claimValues(claims: Claims, name: string): string[] {
  const value = Object.hasOwn(claims, name) ? claims[name] : dottedPath(claims, name);
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}

function dottedPath(claims: Claims, name: string): unknown {
  let current: unknown = claims;
  for (const part of name.split(".")) {
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

// The same shape local user names have (lib/domain/auth-input.ts), so every name fits the pages.
const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;

/**
 * The Wayback user name for a provider's user: the configured claim, else the e-mail address,
 * else the subject, whichever first is a valid user name; null when none is. The name is only a
 * label: the account is found by issuer and subject, never by name.
 */
export function usernameFromClaims(claims: Claims, claimName: string): string | null {
  for (const name of [claimName, "email", "sub"]) {
    const value = claims[name];
    if (typeof value === "string" && USERNAME.test(value)) return value;
  }
  return null;
}
