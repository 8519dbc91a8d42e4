import { describe, expect, it } from "vitest";
import { isInsideRoots, repositoryInput } from "@/lib/domain/repository-input";

describe("repository input", () => {
  it("accepts an absolute plain path and drops a trailing slash", () => {
    expect(repositoryInput.parse({ name: "local", path: "/var/lib/wayback/repo/" })).toEqual({
      name: "local",
      kind: "posix",
      path: "/var/lib/wayback/repo",
    });
  });

  it.each([
    ["relative", "repo", /absolute/],
    ["dot-dot", "/var/lib/wayback/../../etc", /'\.\.'/],
    ["dot", "/var/lib/./wayback", /'\.\.'/],
    ["double slash", "/var//lib", /doubled slashes/],
    ["backslash", "/var/lib\\x", /backslash/],
    ["empty", "  ", /Enter the directory/],
    ["newline in a", "/var/lib/wayback/a\nb", /^The path cannot contain control characters\.$/],
    ["NUL in a", "/var/lib/wayback/a\u0000b", /^The path cannot contain control characters\.$/],
    ["escape code in a", "/var/lib/wayback/\u001b[31mred", /^The path cannot contain control characters\.$/],
  ])("refuses a %s path", (_what, path, message) => {
    const r = repositoryInput.safeParse({ name: "x", path });
    expect(r.success).toBe(false);
    expect(r.error!.issues.find((i) => i.path[0] === "path")!.message).toMatch(message);
  });

  it("refuses control characters in the name", () => {
    expect(repositoryInput.safeParse({ name: "a\nb", path: "/a" }).error!.issues[0]!.message).toBe(
      "The name cannot contain control characters.",
    );
  });

  it("refuses other kinds for now", () => {
    expect(repositoryInput.safeParse({ name: "x", kind: "s3", path: "/a" }).success).toBe(false);
  });
});

describe("allowed roots", () => {
  const roots = ["/var/lib/wayback", "/backups/"];
  it("accepts the root itself and what is below it", () => {
    expect(isInsideRoots("/var/lib/wayback", roots)).toBe(true);
    expect(isInsideRoots("/var/lib/wayback/repo", roots)).toBe(true);
    expect(isInsideRoots("/backups/a/b", roots)).toBe(true);
  });
  it("refuses siblings that share a prefix, parents, and anything else", () => {
    expect(isInsideRoots("/var/lib/wayback-other", roots)).toBe(false);
    expect(isInsideRoots("/var/lib", roots)).toBe(false);
    expect(isInsideRoots("/etc", roots)).toBe(false);
    expect(isInsideRoots("/etc", [])).toBe(false);
  });
});
