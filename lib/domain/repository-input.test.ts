import { describe, expect, it } from "vitest";
import { isInsideRoots, passphraseChangeInput, repositoryInput, repositoryUpdateInput } from "@/lib/domain/repository-input";

describe("repository input", () => {
  it("accepts an absolute plain path and drops a trailing slash", () => {
    expect(repositoryInput.parse({ name: "local", path: "/var/lib/wayback/repo/" })).toEqual({
      name: "local",
      kind: "posix",
      path: "/var/lib/wayback/repo",
      encrypt: false,
    });
  });

  it("takes the worker host whose disk holds a posix directory; blank is a shared mount", () => {
    expect(repositoryInput.parse({ name: "a", path: "/a", workerHost: " db-backup-2 " })).toMatchObject({ workerHost: "db-backup-2" });
    expect(repositoryInput.parse({ name: "a", path: "/a", workerHost: "" })).toMatchObject({ workerHost: null });
    expect(repositoryInput.safeParse({ name: "a", path: "/a", workerHost: "db:2" }).error!.issues[0]).toMatchObject({
      path: ["workerHost"],
      message: expect.stringMatching(/hostname/),
    });
    expect(repositoryUpdateInput.parse({ workerHost: "" })).toEqual({ workerHost: null });
    expect(repositoryUpdateInput.parse({})).toEqual({});
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

  it("refuses a kind it does not know, naming the kinds", () => {
    expect(repositoryInput.safeParse({ name: "x", kind: "ftp", path: "/a" }).error!.issues[0]!.message).toMatch(/posix .*or s3/);
  });
});

describe("s3 repository input", () => {
  const s3 = { name: "offsite", kind: "s3", region: "eu-west-3", bucket: "wayback-backups" };
  const messageOf = (input: object, field: string) =>
    repositoryInput.safeParse({ ...s3, ...input }).error?.issues.find((i) => i.path[0] === field)?.message;

  it("fills the defaults: AWS itself, the whole bucket, virtual-host addressing, the credential chain", () => {
    expect(repositoryInput.parse(s3)).toEqual({
      ...s3,
      endpoint: null,
      prefix: "",
      forcePathStyle: false,
      storageClass: null,
      accessKeyId: null,
      secretAccessKey: null,
      encrypt: false,
    });
  });

  it("takes an S3-compatible store with a key pair, blank fields meaning unset", () => {
    expect(
      repositoryInput.parse({
        ...s3,
        endpoint: "http://127.0.0.1:9000/",
        prefix: "prod/pg/",
        forcePathStyle: true,
        storageClass: "",
        accessKeyId: "AKIAEXAMPLE",
        secretAccessKey: " secret with spaces ",
      }),
    ).toMatchObject({
      endpoint: "http://127.0.0.1:9000",
      prefix: "prod/pg/",
      storageClass: null,
      accessKeyId: "AKIAEXAMPLE",
      secretAccessKey: " secret with spaces ",
    });
  });

  it.each([
    ["too short", "ab", /3 to 63/],
    ["upper case", "Wayback", /lowercase/],
    ["underscore", "way_back", /lowercase/],
    ["hyphen at the end", "wayback-", /begin and end/],
    ["double dot", "way..back", /two dots/],
    ["IP address", "192.168.1.10", /IP address/],
  ])("refuses a bucket name that is %s", (_what, bucket, message) => {
    expect(messageOf({ bucket }, "bucket")).toMatch(message);
  });

  it.each([
    ["ftp URL", "ftp://store.example.com", /http:\/\/ or https:\/\//],
    ["bare host", "store.example.com", /http:\/\/ or https:\/\//],
    ["URL with credentials", "https://key:secret@store.example.com", /own fields/],
    ["URL with a query", "https://store.example.com/?x=1", /no \?query/],
  ])("refuses an endpoint that is an %s", (_what, endpoint, message) => {
    expect(messageOf({ endpoint }, "endpoint")).toMatch(message);
  });

  it.each([
    ["leading slash", "/wayback/", /leading '\/'/],
    ["no trailing slash", "wayback", /End the prefix with '\/'/],
    ["doubled slash", "a//b/", /doubled slashes/],
    ["dot-dot", "a/../b/", /'\.\.'/],
    ["newline", "a\nb/", /control characters/],
  ])("refuses a prefix with a %s", (_what, prefix, message) => {
    expect(messageOf({ prefix }, "prefix")).toMatch(message);
  });

  it("refuses a region that is not one, and an empty one", () => {
    expect(messageOf({ region: "EU West" }, "region")).toMatch(/lowercase letters/);
    expect(messageOf({ region: "" }, "region")).toMatch(/Enter the region/);
  });

  it("refuses archive storage classes that cannot be read at once", () => {
    expect(messageOf({ storageClass: "DEEP_ARCHIVE" }, "storageClass")).toMatch(/STANDARD_IA.*archive classes/);
  });

  it("wants the access key id and its secret together", () => {
    expect(messageOf({ accessKeyId: "AKIA" }, "secretAccessKey")).toMatch(/secret that goes with/);
    expect(messageOf({ secretAccessKey: "s" }, "accessKeyId")).toMatch(/access key id that goes with/);
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

describe("repository input: encryption", () => {
  it("is off unless asked for, for either kind, and only a boolean", () => {
    expect(repositoryInput.parse({ name: "a", path: "/a" }).encrypt).toBe(false);
    expect(repositoryInput.parse({ name: "a", path: "/a", encrypt: true }).encrypt).toBe(true);
    expect(repositoryInput.parse({ name: "b", kind: "s3", region: "us-east-1", bucket: "bkt", encrypt: true }).encrypt).toBe(true);
    expect(repositoryInput.safeParse({ name: "a", path: "/a", encrypt: "yes" }).error!.issues[0]!.message).toBe(
      "encrypt is true or false.",
    );
  });
});

describe("repository update input", () => {
  it("leaves absent fields absent, so a PATCH changes only what it names", () => {
    expect(repositoryUpdateInput.parse({ name: "renamed" })).toEqual({ name: "renamed" });
  });

  it("reads a blank secret as none given (the stored one is kept)", () => {
    expect(repositoryUpdateInput.parse({ region: "eu-west-3", secretAccessKey: "" })).toEqual({
      region: "eu-west-3",
      secretAccessKey: null,
    });
  });

  it.each(["kind", "path", "bucket", "prefix"])("refuses to move the data: %s cannot change", (field) => {
    const r = repositoryUpdateInput.safeParse({ [field]: "x" });
    expect(r.error!.issues.find((i) => i.path[0] === field)!.message).toMatch(/cannot change: the repository's backups and WAL are there/);
  });

  it("refuses a new key pair and the default chain at once", () => {
    const r = repositoryUpdateInput.safeParse({ defaultCredentials: true, accessKeyId: "AKIA", secretAccessKey: "s" });
    expect(r.error!.issues[0]!.message).toMatch(/not both/);
  });
});

describe("a repository passphrase", () => {
  const base = { name: "x", path: "/a", encrypt: true };

  it("is taken exactly as typed, and blank means none", () => {
    expect(repositoryInput.parse({ ...base, passphrase: " correct horse battery " }).passphrase).toBe(" correct horse battery ");
    expect(repositoryInput.parse({ ...base, passphrase: "   " }).passphrase).toBeNull();
    expect(repositoryInput.parse(base).passphrase).toBeUndefined();
  });

  it.each([
    ["short", "eleven char", /at least 12 characters/],
    ["control characters in a", "correct horse\nbattery", /cannot contain control characters/],
  ])("refuses a %s passphrase", (_what, passphrase, message) => {
    const r = repositoryInput.safeParse({ ...base, passphrase });
    expect(r.error!.issues.find((i) => i.path[0] === "passphrase")!.message).toMatch(message);
  });

  it("needs encryption, for either kind", () => {
    const posix = repositoryInput.safeParse({ ...base, encrypt: false, passphrase: "correct horse battery" });
    expect(posix.error!.issues[0]).toMatchObject({ path: ["passphrase"], message: expect.stringMatching(/choose encrypt too/) });
    const s3 = repositoryInput.safeParse({
      name: "x",
      kind: "s3",
      region: "us-east-1",
      bucket: "b-1",
      passphrase: "correct horse battery",
    });
    expect(s3.error!.issues[0]).toMatchObject({ path: ["passphrase"] });
  });

  it("a change needs the current passphrase and a different new one", () => {
    expect(passphraseChangeInput.safeParse({ current: "", passphrase: "correct horse battery" }).error!.issues[0]!.path).toEqual([
      "current",
    ]);
    const same = passphraseChangeInput.safeParse({ current: "correct horse battery", passphrase: "correct horse battery" });
    expect(same.error!.issues[0]).toMatchObject({ path: ["passphrase"], message: expect.stringMatching(/is the current one/) });
    expect(passphraseChangeInput.parse({ current: "old one", passphrase: "correct horse battery" })).toEqual({
      current: "old one",
      passphrase: "correct horse battery",
    });
  });
});
