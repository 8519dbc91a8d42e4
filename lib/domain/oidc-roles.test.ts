import { describe, expect, it } from "vitest";
import { parseOidcRoleMap, roleForClaimValues } from "./oidc-roles";

const map = parseOidcRoleMap('{"wayback-viewers": "viewer", "cn=dba,ou=groups,dc=example,dc=com": "operator", "wayback-admins": "admin"}');

describe("roleForClaimValues", () => {
  it("gives the role a value maps to, including names with commas and equals signs", () => {
    expect(roleForClaimValues(["staff", "cn=dba,ou=groups,dc=example,dc=com"], map, null)).toBe("operator");
  });

  it("gives the highest role when several values map", () => {
    expect(roleForClaimValues(["wayback-admins", "wayback-viewers"], map, null)).toBe("admin");
    expect(roleForClaimValues(["wayback-viewers", "cn=dba,ou=groups,dc=example,dc=com"], map, null)).toBe("operator");
  });

  it("falls back to the default role, or refuses (null) without one", () => {
    expect(roleForClaimValues(["staff"], map, "viewer")).toBe("viewer");
    expect(roleForClaimValues([], map, null)).toBeNull();
    expect(roleForClaimValues(["staff"], map, null)).toBeNull();
  });

  it("matches values exactly, and not through the object's prototype", () => {
    expect(roleForClaimValues(["Wayback-Admins", "wayback-admins ", "toString", "__proto__"], map, null)).toBeNull();
  });
});

describe("parseOidcRoleMap", () => {
  it("says how to write it when it is not JSON", () => {
    expect(() => parseOidcRoleMap("admins=admin")).toThrow(/not JSON: write it like \{"wayback-admins": "admin"/);
  });

  it("refuses a role that does not exist, and an array", () => {
    expect(() => parseOidcRoleMap('{"x": "superuser"}')).toThrow(/viewer, operator or admin/);
    expect(() => parseOidcRoleMap('["admin"]')).toThrow(/JSON object from claim value to role/);
  });

  it("accepts an empty map (everyone gets the default role)", () => {
    expect(parseOidcRoleMap("{}")).toEqual({});
  });
});
