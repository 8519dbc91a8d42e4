import { describe, expect, it } from "vitest";
import { clusterCreateInput, clusterUpdateInput, SSL_MODES } from "@/lib/domain/cluster-input";

const base = { name: "Sales primary", host: "db1.example.com", username: "wayback" };

function create(overrides: Record<string, unknown> = {}) {
  return clusterCreateInput.safeParse({ ...base, ...overrides });
}

/** The messages zod gave for one field, or [] when it accepted the input. */
function errorsFor(result: ReturnType<typeof create>, field: string): string[] {
  if (result.success) return [];
  return result.error.issues.filter((i) => i.path[0] === field).map((i) => i.message);
}

describe("clusterCreateInput defaults", () => {
  it("fills port 5432, database postgres, sslmode prefer and leaves the password absent", () => {
    const r = create();
    expect(r.success).toBe(true);
    expect(r.data).toEqual({
      ...base,
      port: 5432,
      otherHosts: [],
      backupFrom: "primary",
      database: "postgres",
      sslmode: "prefer",
      compression: "zstd",
      walMode: "streaming",
      rpoTargetSeconds: 60,
      synchronousReceive: false,
      backupEveryHours: 24,
      engine: "wayback",
    });
    expect(r.data && "password" in r.data).toBe(false);
  });

  it("keeps given values over the defaults", () => {
    const r = create({ port: 6543, database: "sales", sslmode: "verify-full", password: "s3cret" });
    expect(r.data).toMatchObject({ port: 6543, database: "sales", sslmode: "verify-full", password: "s3cret" });
  });

  it("refuses monitoring targets outside their ranges, naming the limit", () => {
    expect(create({ rpoTargetSeconds: 0 }).error?.issues[0]?.message).toBe("The RPO target is at least 1 second.");
    expect(create({ backupEveryHours: 1000 }).error?.issues[0]?.message).toBe("Keep the backup period to a month (744 hours) or less.");
    expect(create({ backupEveryHours: "12" }).data?.backupEveryHours).toBe(12);
  });

  it("requires name, host and username", () => {
    const r = clusterCreateInput.safeParse({});
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path[0]).sort()).toEqual(["host", "name", "username"]);
  });
});

describe("name", () => {
  it.each(["", "   ", "\t\n "])("refuses %j with the message", (name) => {
    expect(errorsFor(create({ name }), "name")).toEqual(["Give the cluster a name."]);
  });

  it("trims surrounding whitespace", () => {
    expect(create({ name: "  Sales  " }).data?.name).toBe("Sales");
  });

  it.each(
    [0x00, 0x07, 0x0a, 0x1b, 0x1f, 0x7f, 0x85, 0x9b, 0x9f].map((c) => [
      `U+${c.toString(16).padStart(4, "0")}`,
      `a${String.fromCharCode(c)}b`,
    ]),
  )("refuses the control character %s inside the name", (_code, name) => {
    expect(errorsFor(create({ name }), "name")).toEqual(["The name cannot contain control characters."]);
  });

  it("accepts the first printable characters around the control ranges", () => {
    expect(create({ name: "a\u0020b\u007eb\u00a0c" }).success).toBe(true);
  });

  it.each([`O'Brien "prod"`, "a; DROP TABLE clusters; --", "$(rm -rf /)", "`id`", "<script>alert(1)</script>", "Производство 🐘", "名前"])(
    "accepts %j as data, unchanged",
    (name) => {
      expect(create({ name }).data?.name).toBe(name);
    },
  );

  it("allows 100 characters and refuses 101", () => {
    expect(create({ name: "x".repeat(100) }).success).toBe(true);
    expect(errorsFor(create({ name: "x".repeat(101) }), "name")).toEqual(["Keep the name to 100 characters or fewer."]);
  });
});

describe("port", () => {
  it.each([1, 5432, 65535])("accepts %i", (port) => {
    expect(create({ port }).data?.port).toBe(port);
  });

  it('reads the decimal string "5432", as an HTML form sends it', () => {
    expect(create({ port: "5432" }).data?.port).toBe(5432);
  });

  const NOT_DIGITS = "Enter the port as a whole number in decimal digits, e.g. 5432.";
  it.each([
    [0, "Ports range from 1 to 65535."],
    [-1, "Ports range from 1 to 65535."],
    [65536, "Ports range from 1 to 65535."],
    ["65536", "Ports range from 1 to 65535."],
    [1.5, NOT_DIGITS],
    ["5432.5", NOT_DIGITS],
    // What Number() would have turned into a port.
    [true, NOT_DIGITS],
    ["0x1538", NOT_DIGITS],
    ["5e3", NOT_DIGITS],
    [[5432], NOT_DIGITS],
    ["", NOT_DIGITS],
    [" ", NOT_DIGITS],
    ["-5432", NOT_DIGITS],
    [null, NOT_DIGITS],
    ["abc", NOT_DIGITS],
  ])("refuses %j", (port, message) => {
    expect(errorsFor(create({ port }), "port")).toEqual([message]);
  });

  it("refuses the same conversions in the other whole-number fields", () => {
    expect(errorsFor(create({ rpoTargetSeconds: true }), "rpoTargetSeconds")).toEqual(["Enter the RPO target in whole seconds."]);
    expect(errorsFor(create({ backupMaxRateKb: "1e3" }), "backupMaxRateKb")).toEqual([
      "Enter a rate in whole kB/s, or leave it empty for no limit.",
    ]);
    expect(errorsFor(create({ backupEveryHours: [24] }), "backupEveryHours")).toEqual(["Enter how often a backup is due, in whole hours."]);
  });
});

describe("host", () => {
  const HOST_MESSAGE = "Enter a host name (db1.example.com) or an IP address, without a port or scheme.";

  it.each([
    "localhost",
    "db1",
    "db1.example.com",
    "DB-1.Example.COM",
    "xn--bcher-kva.example",
    "10.0.0.5",
    "127.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "2001:db8::8a2e:370:7334",
    "2001:0db8:0000:0000:0000:ff00:0042:8329",
    "::ffff:192.0.2.1",
    "dead:beef::1",
  ])("accepts %j", (host) => {
    expect(create({ host }).data?.host).toBe(host);
  });

  it("trims surrounding whitespace", () => {
    expect(create({ host: " db1.example.com " }).data?.host).toBe("db1.example.com");
  });

  it.each([
    "postgres://db1.example.com",
    "https://db1",
    "db1.example.com:5432",
    "localhost:5432",
    "db:5432",
    "10.0.0.5:5432",
    "[::1]",
    "[::1]:5432",
    "db1 example.com",
    "db1;rm -rf /",
    "db1.example.com;",
    "$(whoami)",
    "db1/path",
    "user@db1",
    "-db1",
    "db1-",
    "db1..example.com",
    ".db1",
    "256.1.1.1",
    "10.0.0",
    "1234",
    "1:2:3:4:5:6:7:8:9",
    ":::1",
    "dé.example.com",
  ])("refuses %j", (host) => {
    expect(errorsFor(create({ host }), "host")).toContain(HOST_MESSAGE);
  });

  it("refuses an empty host with its own message", () => {
    expect(errorsFor(create({ host: "  " }), "host")).toContain("Enter the host name or IP address of the PostgreSQL server.");
  });

  it("refuses a label longer than 63 characters and a host longer than 253", () => {
    expect(create({ host: "a".repeat(63) + ".example" }).success).toBe(true);
    expect(errorsFor(create({ host: "a".repeat(64) + ".example" }), "host")).toContain(HOST_MESSAGE);
    const long = Array.from({ length: 4 }, () => "a".repeat(63)).join(".") + ".ab"; // 255 characters
    expect(errorsFor(create({ host: long }), "host")).toContain("Host names are at most 253 characters.");
  });
});

describe("database and user names", () => {
  it.each([
    ["database", "database name"],
    ["username", "user name"],
  ])("%s: allows 63 bytes and refuses 64, counting bytes not characters", (field, what) => {
    const message = `PostgreSQL limits the ${what} to 63 bytes.`;
    expect(create({ [field]: "a".repeat(63) }).success).toBe(true);
    expect(errorsFor(create({ [field]: "a".repeat(64) }), field)).toEqual([message]);
    // "é" is 2 bytes in UTF-8: 31 of them (62 bytes) fit, 32 (64 bytes) do not, though only 32 characters.
    expect(create({ [field]: "é".repeat(31) }).success).toBe(true);
    expect(errorsFor(create({ [field]: "é".repeat(32) }), field)).toEqual([message]);
    // "🐘" is 4 bytes: 16 of them make 64 bytes in 32 UTF-16 code units.
    expect(errorsFor(create({ [field]: "🐘".repeat(16) }), field)).toEqual([message]);
    expect(create({ [field]: "🐘".repeat(15) + "abc" }).success).toBe(true);
  });

  it.each(["database", "username"])("%s: refuses an empty string, NUL, newlines and other control characters", (field) => {
    expect(create({ [field]: "" }).success).toBe(false);
    const what = field === "database" ? "database name" : "user name";
    for (const v of ["a\u0000b", "a\nb", "a\rb", "a\tb", "a\u001bb", "a\u007fb", "a\u0085b", "a\u2028b"]) {
      expect(errorsFor(create({ [field]: v }), field), JSON.stringify(v)).toEqual([`The ${what} cannot contain control characters.`]);
    }
  });

  it.each([`we"ird`, "App User", "x'; DROP ROLE postgres; --", "rôle", "$(id)"])("accepts %j as a name, unchanged", (v) => {
    expect(create({ username: v, database: v }).data).toMatchObject({ username: v, database: v });
  });
});

describe("sslmode", () => {
  it.each(SSL_MODES)("accepts %s", (sslmode) => {
    expect(create({ sslmode }).data?.sslmode).toBe(sslmode);
  });

  it.each(["verify_full", "PREFER", "on", ""])("refuses %j, listing the choices", (sslmode) => {
    expect(errorsFor(create({ sslmode }), "sslmode")).toEqual(["Choose one of: disable, allow, prefer, require, verify-ca, verify-full."]);
  });
});

describe("password", () => {
  it("accepts up to 1000 characters and refuses more", () => {
    expect(create({ password: "p".repeat(1000) }).success).toBe(true);
    expect(errorsFor(create({ password: "p".repeat(1001) }), "password")).toEqual(["Passwords are limited to 1000 characters."]);
  });

  it("refuses null on create", () => {
    expect(create({ password: null }).success).toBe(false);
  });
});

describe("clusterUpdateInput", () => {
  it("accepts an empty patch and adds nothing to it", () => {
    expect(clusterUpdateInput.parse({})).toEqual({});
  });

  it("leaves port, database and sslmode absent when they are not sent (no create defaults)", () => {
    expect(clusterUpdateInput.parse({ name: "Renamed" })).toEqual({ name: "Renamed" });
  });

  it("tells an absent password from null from a string", () => {
    const absent = clusterUpdateInput.parse({ name: "x" });
    expect("password" in absent).toBe(false);
    expect(clusterUpdateInput.parse({ password: null })).toEqual({ password: null });
    expect(clusterUpdateInput.parse({ password: "n3w" })).toEqual({ password: "n3w" });
  });

  it("validates each field it is given like create does", () => {
    expect(clusterUpdateInput.safeParse({ name: "  " }).success).toBe(false);
    expect(clusterUpdateInput.safeParse({ host: "db:5432" }).success).toBe(false);
    expect(clusterUpdateInput.safeParse({ port: 0 }).success).toBe(false);
    expect(clusterUpdateInput.safeParse({ username: "é".repeat(32) }).success).toBe(false);
    expect(clusterUpdateInput.safeParse({ sslmode: "on" }).success).toBe(false);
    expect(clusterUpdateInput.safeParse({ password: "p".repeat(1001) }).success).toBe(false);
    expect(clusterUpdateInput.parse({ port: "6543", name: " Sales " })).toEqual({ port: 6543, name: "Sales" });
  });
});

describe("clusterCreateInput database hosts", () => {
  it("takes other hosts as host:port entries and where backups read from", () => {
    const r = create({ otherHosts: ["db2.example.com:5433", " 10.0.0.3:5432 ", "[fd00::4]:5432"], backupFrom: "prefer-standby" });
    expect(r.data).toMatchObject({ otherHosts: ["db2.example.com:5433", "10.0.0.3:5432", "[fd00::4]:5432"], backupFrom: "prefer-standby" });
  });

  it("refuses an entry without a port or with URL syntax, a repeated host, and an unknown backupFrom", () => {
    expect(errorsFor(create({ otherHosts: ["db2.example.com"] }), "otherHosts")).toEqual([
      "Write each other host as host:port (db2.example.com:5432, or [fd00::2]:5432 for IPv6).",
    ]);
    expect(errorsFor(create({ otherHosts: ["postgres://db2:5432"] }), "otherHosts")).toHaveLength(1);
    expect(errorsFor(create({ otherHosts: ["db2:5432", "db2:5432"] }), "otherHosts")).toEqual(["Each other host once."]);
    expect(errorsFor(create({ backupFrom: "replica" }), "backupFrom")).toEqual(["Choose primary, prefer-standby or standby."]);
  });

  it("leaves both alone on update when absent", () => {
    expect(clusterUpdateInput.parse({})).toEqual({});
  });
});
