import { z } from "zod";
import { ROLES, type Role } from "./roles";

/**
 * Which Wayback role a claim value (a group, an app role) grants, e.g.
 * `{"wayback-admins": "admin", "cn=dba,ou=groups,dc=example,dc=com": "operator"}`. JSON, because
 * group names are free text: LDAP names hold commas and equals signs, so no separator is safe.
 */
export const oidcRoleMap = z.record(
  z.string().min(1, "A claim value to map is not empty."),
  z.enum(ROLES, "Map each claim value to viewer, operator or admin."),
  "WAYBACK_OIDC_ROLE_MAP is a JSON object from claim value to role.",
);
export type OidcRoleMap = z.infer<typeof oidcRoleMap>;

/** Parses WAYBACK_OIDC_ROLE_MAP's text; the message says what to fix. */
export function parseOidcRoleMap(text: string): OidcRoleMap {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('WAYBACK_OIDC_ROLE_MAP is not JSON: write it like {"wayback-admins": "admin", "dba": "operator"}.');
  }
  const parsed = oidcRoleMap.safeParse(json);
  if (!parsed.success) throw new Error(`WAYBACK_OIDC_ROLE_MAP: ${parsed.error.issues.map((i) => i.message).join(" ")}`);
  return parsed.data;
}

/**
 * The role a user's claim values grant: the highest any of them maps to (someone in both the
 * viewers' and the admins' group is an admin), else the default; null refuses the user.
 */
export function roleForClaimValues(values: readonly string[], map: OidcRoleMap, defaultRole: Role | null): Role | null {
  const granted = values.flatMap((v) => (Object.hasOwn(map, v) ? [map[v]!] : []));
  if (granted.length === 0) return defaultRole;
  return ROLES[Math.max(...granted.map((r) => ROLES.indexOf(r)))]!;
}
