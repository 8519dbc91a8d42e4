import { describe, expect, it } from "vitest";
import { claimValues, usernameFromClaims } from "./oidc-claims";

describe("claimValues", () => {
  it("reads a list or a single string, dropping what is not a string", () => {
    expect(claimValues({ groups: ["a", 3, "b", null] }, "groups")).toEqual(["a", "b"]);
    expect(claimValues({ role: "admins" }, "role")).toEqual(["admins"]);
    expect(claimValues({ groups: { a: 1 } }, "groups")).toEqual([]);
    expect(claimValues({}, "groups")).toEqual([]);
  });

  it("takes a namespaced claim name as it is, and follows a dotted path otherwise", () => {
    expect(claimValues({ "https://example.com/roles": ["ops"] }, "https://example.com/roles")).toEqual(["ops"]);
    expect(claimValues({ realm_access: { roles: ["dba"] } }, "realm_access.roles")).toEqual(["dba"]);
    expect(claimValues({ realm_access: "x" }, "realm_access.roles")).toEqual([]);
  });
});

describe("usernameFromClaims", () => {
  it("prefers the configured claim, then the e-mail address, then the subject", () => {
    expect(usernameFromClaims({ sub: "s1", preferred_username: "alice", email: "a@example.com" }, "preferred_username")).toBe("alice");
    expect(usernameFromClaims({ sub: "s1", email: "a@example.com" }, "preferred_username")).toBe("a@example.com");
    expect(usernameFromClaims({ sub: "248289761001" }, "preferred_username")).toBe("248289761001");
  });

  it("skips a value that is not a valid user name", () => {
    expect(usernameFromClaims({ sub: "s1", preferred_username: "Alice Smith\n", email: "a@example.com" }, "preferred_username")).toBe(
      "a@example.com",
    );
    expect(usernameFromClaims({ sub: "x".repeat(65) }, "preferred_username")).toBeNull();
  });
});
