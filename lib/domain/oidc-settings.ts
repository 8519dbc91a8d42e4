import { parseOidcRoleMap, type OidcRoleMap } from "./oidc-roles";
import type { Role } from "./roles";

/** Single sign-on with an OpenID provider, as configured (lib/config.ts reads WAYBACK_OIDC_*). */
export interface OidcSettings {
  /** The provider's issuer identifier; its discovery document lies under it. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Shown on the sign-in page: "Sign in with <displayName>". */
  displayName: string;
  /** Asked for in the authorization request, space-separated; always includes openid. */
  scopes: string;
  /** Which claim names the user (falls back to email, then sub). */
  usernameClaim: string;
  /** Which claim holds the groups or roles that map to Wayback roles. */
  roleClaim: string;
  roleMap: OidcRoleMap;
  /** The role of a user none of whose claim values is mapped; null refuses them. */
  defaultRole: Role | null;
}

/**
 * Who may sign in with a password. "admins": local administrators only, the break-glass way in
 * when the provider is down or misconfigured (the default once single sign-on is configured).
 */
export const LOCAL_SIGN_IN_MODES = ["on", "admins", "off"] as const;
export type LocalSignIn = (typeof LOCAL_SIGN_IN_MODES)[number];

/** WAYBACK_OIDC_* and WAYBACK_LOCAL_SIGN_IN as given (the client secret already read from its file). */
export interface SignInEnv {
  issuer?: string;
  clientId?: string;
  clientSecret?: string;
  name?: string;
  scopes?: string;
  usernameClaim?: string;
  roleClaim?: string;
  roleMap?: string;
  defaultRole?: string;
  localSignIn?: string;
}

const LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"];

/**
 * How people sign in: single sign-on when an issuer is set, and who may use a password. Every
 * problem is named with the variable to fix, so a misconfigured installation stops at boot
 * instead of at the first sign-in.
 */
export function signInSettings(env: SignInEnv): { oidc: OidcSettings | null; localSignIn: LocalSignIn } {
  const problems: string[] = [];
  const local = env.localSignIn ?? (env.issuer ? "admins" : "on");
  if (!(LOCAL_SIGN_IN_MODES as readonly string[]).includes(local)) problems.push("WAYBACK_LOCAL_SIGN_IN is on, admins or off.");
  if (!env.issuer) {
    const stray = Object.entries(env).filter(([k, v]) => v !== undefined && k !== "localSignIn");
    if (stray.length) problems.push("WAYBACK_OIDC_ISSUER is needed for the other WAYBACK_OIDC_* settings to mean anything.");
    if (local !== "on")
      problems.push("WAYBACK_LOCAL_SIGN_IN can only be admins or off with single sign-on (WAYBACK_OIDC_ISSUER) configured.");
    if (problems.length) throw new Error(problems.join("\n"));
    return { oidc: null, localSignIn: "on" };
  }
  let issuer: URL | null = null;
  try {
    issuer = new URL(env.issuer);
  } catch {
    problems.push("WAYBACK_OIDC_ISSUER is the provider's issuer URL, e.g. https://login.example.com/realms/ops.");
  }
  if (issuer && issuer.protocol !== "https:" && !(issuer.protocol === "http:" && LOOPBACK_HOSTS.includes(issuer.hostname))) {
    problems.push("WAYBACK_OIDC_ISSUER must be https (plain http only on this machine's loopback, for testing).");
  }
  if (!env.clientId) problems.push("WAYBACK_OIDC_CLIENT_ID is the client id registered at the provider.");
  if (!env.clientSecret)
    problems.push("Set WAYBACK_OIDC_CLIENT_SECRET or WAYBACK_OIDC_CLIENT_SECRET_FILE (the client's secret at the provider).");
  const scopes = (env.scopes ?? "openid profile email").split(/\s+/).filter(Boolean);
  if (!scopes.includes("openid")) problems.push('WAYBACK_OIDC_SCOPES must include "openid".');
  const defaultRole = env.defaultRole ?? "none";
  if (!["viewer", "operator", "admin", "none"].includes(defaultRole)) {
    problems.push("WAYBACK_OIDC_DEFAULT_ROLE is viewer, operator, admin, or none (refuse users whose groups map to no role).");
  }
  let roleMap: OidcRoleMap = {};
  try {
    roleMap = parseOidcRoleMap(env.roleMap ?? "{}");
  } catch (err) {
    problems.push((err as Error).message);
  }
  if (problems.length || !issuer) throw new Error(problems.join("\n"));
  return {
    oidc: {
      issuer: env.issuer,
      clientId: env.clientId!,
      clientSecret: env.clientSecret!,
      displayName: env.name?.trim() || issuer.hostname,
      scopes: scopes.join(" "),
      usernameClaim: env.usernameClaim ?? "preferred_username",
      roleClaim: env.roleClaim ?? "groups",
      roleMap,
      defaultRole: defaultRole === "none" ? null : (defaultRole as Role),
    },
    localSignIn: local as LocalSignIn,
  };
}
