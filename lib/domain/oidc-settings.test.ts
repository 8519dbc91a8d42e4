import { describe, expect, it } from "vitest";
import { signInSettings } from "./oidc-settings";

const base = { issuer: "https://login.example.com/realms/ops", clientId: "wayback", clientSecret: "s3cret" };

describe("signInSettings", () => {
  it("without an issuer: no single sign-on, and everyone signs in with a password", () => {
    expect(signInSettings({})).toEqual({ oidc: null, localSignIn: "on" });
  });

  it("with an issuer: defaults, and password sign-in for administrators only (break-glass)", () => {
    expect(signInSettings(base)).toEqual({
      oidc: {
        ...base,
        displayName: "login.example.com",
        scopes: "openid profile email",
        usernameClaim: "preferred_username",
        roleClaim: "groups",
        roleMap: {},
        defaultRole: null,
      },
      localSignIn: "admins",
    });
    expect(signInSettings({ ...base, localSignIn: "off", defaultRole: "viewer" })).toMatchObject({
      oidc: { defaultRole: "viewer" },
      localSignIn: "off",
    });
  });

  it("names every variable to fix at once", () => {
    expect(() => signInSettings({ issuer: "http://idp.example.com", scopes: "profile", defaultRole: "root", roleMap: "x" })).toThrow(
      new Error(
        [
          "WAYBACK_OIDC_ISSUER must be https (plain http only on this machine's loopback, for testing).",
          "WAYBACK_OIDC_CLIENT_ID is the client id registered at the provider.",
          "Set WAYBACK_OIDC_CLIENT_SECRET or WAYBACK_OIDC_CLIENT_SECRET_FILE (the client's secret at the provider).",
          'WAYBACK_OIDC_SCOPES must include "openid".',
          "WAYBACK_OIDC_DEFAULT_ROLE is viewer, operator, admin, or none (refuse users whose groups map to no role).",
          'WAYBACK_OIDC_ROLE_MAP is not JSON: write it like {"wayback-admins": "admin", "dba": "operator"}.',
        ].join("\n"),
      ),
    );
  });

  it("allows plain http on loopback only", () => {
    expect(signInSettings({ ...base, issuer: "http://127.0.0.1:4000" }).oidc?.issuer).toBe("http://127.0.0.1:4000");
  });

  it("refuses switching password sign-in off, or settings for a provider, without an issuer", () => {
    expect(() => signInSettings({ localSignIn: "off" })).toThrow(/can only be admins or off with single sign-on/);
    expect(() => signInSettings({ clientId: "wayback" })).toThrow(/WAYBACK_OIDC_ISSUER is needed/);
    expect(() => signInSettings({ ...base, localSignIn: "sometimes" })).toThrow("WAYBACK_LOCAL_SIGN_IN is on, admins or off.");
  });
});
