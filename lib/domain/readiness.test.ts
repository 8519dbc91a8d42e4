import { describe, expect, it } from "vitest";
import {
  assessReadiness,
  isReady,
  isThisHost,
  MIN_WAL_SENDERS,
  type CheckFacts,
  type ReadinessItem,
  type ReadinessKey,
  type WalMode,
} from "@/lib/domain/readiness";

const healthy: CheckFacts = {
  reachable: true,
  error: null,
  serverVersion: "16.4",
  serverMajor: 16,
  walLevel: "replica",
  archiveMode: "off",
  archiveCommand: null,
  maxWalSenders: 10,
  isSuperuser: false,
  hasReplication: true,
  replicationError: null,
  dataChecksums: true,
  clientToolsMajor: 16,
  expectedArchiveCommand: null,
  archiveAreaAccess: null,
  archiveAreaDetail: null,
};

function assess(overrides: Partial<CheckFacts> = {}, username = "app", walMode: WalMode = "streaming"): ReadinessItem[] {
  return assessReadiness({ ...healthy, ...overrides }, { username, walMode });
}

function item(overrides: Partial<CheckFacts>, key: ReadinessKey, username = "app", walMode: WalMode = "streaming"): ReadinessItem {
  const found = assess(overrides, username, walMode).find((i) => i.key === key);
  if (!found) throw new Error(`no ${key} item`);
  return found;
}

describe("assessReadiness on a healthy server", () => {
  it("lists every item once, in order, all ok and without fixes", () => {
    const items = assess();
    expect(items.map((i) => i.key)).toEqual([
      "connection",
      "client_tools",
      "wal_level",
      "max_wal_senders",
      "replication_role",
      "replication_connection",
      "archive_mode",
      "data_checksums",
    ]);
    expect(items.every((i) => i.status === "ok" && i.fix === null)).toBe(true);
    expect(items[0]?.detail).toBe("Connected to PostgreSQL 16.4.");
  });

  it("shows ? for an unknown server version", () => {
    expect(item({ serverVersion: null }, "connection")).toMatchObject({ status: "ok", detail: "Connected to PostgreSQL ?." });
  });
});

describe("an unreachable server", () => {
  it("yields the connection item alone, failed, with the error as detail", () => {
    const items = assess({ reachable: false, error: "connect ECONNREFUSED 10.0.0.5:5432", walLevel: "minimal", dataChecksums: false });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ key: "connection", status: "fail", detail: "connect ECONNREFUSED 10.0.0.5:5432" });
  });

  it("says the server could not be reached when there is no error text", () => {
    const [only] = assess({ reachable: false, error: null });
    expect(only).toMatchObject({ status: "fail", detail: "The server could not be reached." });
    expect(only?.fix).toEqual({ advice: "Check the host, port, user, password and sslmode saved for this cluster." });
  });

  const fixFor = (error: string, username = "app") => assess({ reachable: false, error }, username)[0]?.fix;

  it.each(['password authentication failed for user "app"', "fe_sendauth: no password supplied"])(
    "points at the saved credentials for %j",
    (error) => {
      expect(fixFor(error)).toEqual({ advice: "Check the user name and password saved for this cluster." });
    },
  );

  it("gives a pg_hba.conf line for the user when pg_hba.conf has no entry", () => {
    const fix = fixFor('no pg_hba.conf entry for host "10.0.0.9", user "app", database "postgres", no encryption');
    expect(fix).toEqual({
      advice: "Add a pg_hba.conf line that lets this user connect from the Wayback worker's address:",
      command: "host all app <worker address>/32 scram-sha-256",
      after: "Then reload PostgreSQL.",
    });
  });

  it.each(['database "sales" does not exist', 'role "ghost" does not exist'])("asks to check the names for %j", (error) => {
    expect(fixFor(error)).toEqual({ advice: "Check the database and user names, or create them on the server." });
  });

  it.each([
    "Connection terminated due to connection timeout",
    "connect ETIMEDOUT 10.0.0.5:5432",
    "Query read timeout",
    "connection timed out",
    "timeout expired",
  ])("blames the network or a stopped server for %j", (error) => {
    const fix = fixFor(error);
    expect(fix?.advice).toMatch(/^The server did not answer in time/);
    expect(fix?.command).toBeUndefined();
  });

  it.each([
    "connect ECONNREFUSED 127.0.0.1:5432",
    "getaddrinfo ENOTFOUND db.invalid",
    "getaddrinfo EAI_AGAIN db.example.com",
    "connect EHOSTUNREACH 10.0.0.5:5432",
    "connect ENETUNREACH 2001:db8::1:5432",
  ])("asks to check host, port and listen_addresses for %j", (error) => {
    const fix = fixFor(error);
    expect(fix?.advice).toMatch(/^Nothing accepted the connection: check the host and port/);
    expect(fix?.advice).toContain("listen_addresses");
  });

  it("falls back to the general fix for anything else", () => {
    expect(fixFor("The server does not support SSL connections")).toEqual({
      advice: "Check the host, port, user, password and sslmode saved for this cluster.",
    });
  });

  it("is not ready", () => {
    expect(isReady(assess({ reachable: false, error: "x" }))).toBe(false);
  });
});

describe("client tools", () => {
  it("is ok when tools of a usable major were found", () => {
    expect(item({ serverMajor: 15, clientToolsMajor: 17 }, "client_tools")).toMatchObject({
      status: "ok",
      detail: "PostgreSQL 17 tools serve this PostgreSQL 15 server.",
      fix: null,
    });
  });

  it("fails with the package to install when none fits", () => {
    expect(item({ serverMajor: 17, clientToolsMajor: null }, "client_tools")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("major 17 or newer"),
      fix: { advice: "Install them on the worker host:", command: "apt-get install postgresql-client-17" },
    });
  });

  it("is unknown when the server's major is unknown, even with tools found", () => {
    expect(item({ serverMajor: null, clientToolsMajor: 16 }, "client_tools")).toMatchObject({ status: "unknown", fix: null });
  });
});

describe("wal_level", () => {
  it.each(["replica", "logical"])("is ok at %s", (walLevel) => {
    expect(item({ walLevel }, "wal_level")).toMatchObject({ status: "ok", detail: `wal_level is ${walLevel}.`, fix: null });
  });

  it("fails at minimal, with the setting to use and the restart", () => {
    const wal = item({ walLevel: "minimal" }, "wal_level");
    expect(wal.status).toBe("fail");
    expect(wal.detail).toContain("wal_level is minimal");
    expect(wal.fix).toMatchObject({ advice: "Set in postgresql.conf:", command: "wal_level = replica" });
    expect(wal.fix?.after).toMatch(/^Then restart PostgreSQL\./);
  });

  it("is unknown when it could not be read", () => {
    expect(item({ walLevel: null }, "wal_level")).toMatchObject({ status: "unknown", fix: null });
  });
});

describe("max_wal_senders", () => {
  it("is ok at the minimum", () => {
    expect(item({ maxWalSenders: MIN_WAL_SENDERS }, "max_wal_senders")).toMatchObject({ status: "ok", fix: null });
  });

  it("warns just below the minimum", () => {
    expect(item({ maxWalSenders: MIN_WAL_SENDERS - 1 }, "max_wal_senders")).toMatchObject({
      status: "warn",
      fix: { advice: "Set in postgresql.conf:", command: "max_wal_senders = 10", after: "Then restart PostgreSQL." },
    });
  });

  it("fails at 0", () => {
    expect(item({ maxWalSenders: 0 }, "max_wal_senders")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("max_wal_senders is 0"),
      fix: expect.objectContaining({ command: "max_wal_senders = 10" }),
    });
  });

  it("is unknown when it could not be read", () => {
    expect(item({ maxWalSenders: null }, "max_wal_senders")).toMatchObject({ status: "unknown", fix: null });
  });

  it("a warning alone does not stop readiness", () => {
    expect(isReady(assess({ maxWalSenders: 1 }))).toBe(true);
  });
});

describe("REPLICATION privilege", () => {
  it("is ok with REPLICATION", () => {
    expect(item({ hasReplication: true, isSuperuser: false }, "replication_role")).toMatchObject({
      status: "ok",
      detail: "Role app has REPLICATION.",
    });
  });

  it("counts a superuser without REPLICATION as ok", () => {
    expect(item({ hasReplication: false, isSuperuser: true }, "replication_role")).toMatchObject({
      status: "ok",
      detail: "Role app is a superuser.",
      fix: null,
    });
  });

  it("fails without either, with the ALTER ROLE to run", () => {
    expect(item({ hasReplication: false, isSuperuser: false }, "replication_role")).toMatchObject({
      status: "fail",
      fix: { advice: "Run as a superuser:", command: 'ALTER ROLE "app" REPLICATION;' },
    });
  });

  it("fails when the superuser flag is unknown and REPLICATION is absent", () => {
    expect(item({ hasReplication: false, isSuperuser: null }, "replication_role").status).toBe("fail");
  });

  it("is unknown when the attributes could not be read", () => {
    expect(item({ hasReplication: null, isSuperuser: true }, "replication_role")).toMatchObject({ status: "unknown", fix: null });
  });

  it.each([
    ['we"ird', 'ALTER ROLE "we""ird" REPLICATION;'],
    ['x"; DROP ROLE postgres; --', 'ALTER ROLE "x""; DROP ROLE postgres; --" REPLICATION;'],
    ["App User", 'ALTER ROLE "App User" REPLICATION;'],
    ["rôle", 'ALTER ROLE "rôle" REPLICATION;'],
  ])("quotes the role name %j as an identifier", (username, sql) => {
    expect(item({ hasReplication: false, isSuperuser: false }, "replication_role", username).fix?.command).toBe(sql);
  });
});

describe("replication connection", () => {
  const refused = (replicationError: string, username = "app", more: Partial<CheckFacts> = {}) =>
    item({ replicationError, ...more }, "replication_connection", username);

  it("is ok when the server accepted it", () => {
    expect(item({ replicationError: null }, "replication_connection")).toMatchObject({ status: "ok", fix: null });
  });

  it("fails with the refusal in the detail", () => {
    expect(refused("boom")).toMatchObject({ status: "fail", detail: "The server refused a replication connection: boom" });
  });

  it("gives the pg_hba.conf replication line for a pg_hba refusal", () => {
    expect(refused('no pg_hba.conf entry for replication connection from host "10.0.0.9", user "app", no encryption').fix).toEqual({
      advice: "Add to pg_hba.conf:",
      command: "host replication app <worker address>/32 scram-sha-256",
      after: "Then reload PostgreSQL.",
    });
  });

  it.each([
    ["app_1", "app_1"],
    ["App User", '"App User"'],
    ['we"ird', '"we""ird"'],
    ["all", '"all"'],
    ["replication", '"replication"'],
    ["+admins", '"+admins"'],
    ["@users", '"@users"'],
    ["/^a", '"/^a"'],
    ["a,b", '"a,b"'],
  ])("writes the role %j as the pg_hba.conf user token %s", (username, token) => {
    expect(refused("no pg_hba.conf entry for replication connection", username).fix?.command).toBe(
      `host replication ${token} <worker address>/32 scram-sha-256`,
    );
  });

  it("suggests more WAL senders than configured when they are all in use", () => {
    const fix = refused("number of requested standby connections exceeds max_wal_senders (currently 10)", "app", { maxWalSenders: 10 }).fix;
    expect(fix).toEqual({
      advice: "Raise max_wal_senders in postgresql.conf:",
      command: `max_wal_senders = ${10 + MIN_WAL_SENDERS}`,
      after: "Then restart PostgreSQL.",
    });
  });

  it("suggests 10 WAL senders when the current value is 0 or unknown", () => {
    const msg = "number of requested standby connections exceeds max_wal_senders (currently 0)";
    expect(refused(msg, "app", { maxWalSenders: 0 }).fix?.command).toBe("max_wal_senders = 10");
    expect(refused(msg, "app", { maxWalSenders: null }).fix?.command).toBe("max_wal_senders = 10");
  });

  it.each(["sorry, too many clients already", "remaining connection slots are reserved for roles with the SUPERUSER attribute"])(
    "points at max_connections, not max_wal_senders, for %j",
    (error) => {
      const fix = refused(error).fix;
      expect(fix?.advice).toContain("max_connections");
      expect(fix?.command).toBeUndefined();
    },
  );

  it.each(["must be superuser or replication role to start walsender", "permission denied to start WAL sender"])(
    "gives the ALTER ROLE for %j",
    (error) => {
      expect(refused(error, 'o"k').fix).toEqual({ advice: "Run as a superuser:", command: 'ALTER ROLE "o""k" REPLICATION;' });
    },
  );

  it("falls back to general advice for anything else", () => {
    const fix = refused("SSL SYSCALL error: EOF detected").fix;
    expect(fix?.advice).toMatch(/^Allow replication connections for this user/);
    expect(fix?.command).toBeUndefined();
  });
});

describe("archive_mode", () => {
  it("is ok when off, explaining streaming", () => {
    expect(item({ archiveMode: "off" }, "archive_mode")).toMatchObject({ status: "ok", detail: expect.stringContaining("pg_receivewal") });
  });

  it("is ok when on, showing the archive_command", () => {
    expect(item({ archiveMode: "on", archiveCommand: "cp %p /archive/%f" }, "archive_mode")).toMatchObject({
      status: "ok",
      detail: "archive_mode is on; archive_command is cp %p /archive/%f.",
      fix: null,
    });
  });

  it.each([null, "", "   "])("shows an archive_command of %j as (empty)", (archiveCommand) => {
    expect(item({ archiveMode: "always", archiveCommand }, "archive_mode").detail).toBe(
      "archive_mode is always; archive_command is (empty).",
    );
  });

  it("is unknown when it could not be read", () => {
    expect(item({ archiveMode: null }, "archive_mode")).toMatchObject({ status: "unknown", fix: null });
  });
});

describe("data checksums", () => {
  it("is ok when on", () => {
    expect(item({ dataChecksums: true }, "data_checksums")).toMatchObject({ status: "ok", fix: null });
  });

  it("warns when off, with the pg_checksums command", () => {
    expect(item({ dataChecksums: false }, "data_checksums")).toMatchObject({
      status: "warn",
      fix: {
        advice: expect.stringContaining("stop the server"),
        command: "pg_checksums --enable -D <data directory>",
        after: expect.stringContaining("start the server again"),
      },
    });
  });

  it("is unknown when it could not be read", () => {
    expect(item({ dataChecksums: null }, "data_checksums")).toMatchObject({ status: "unknown", fix: null });
  });
});

describe("every fix", () => {
  it("has non-empty advice and no empty command or after", () => {
    const worst: Partial<CheckFacts> = {
      serverMajor: 17,
      clientToolsMajor: null,
      walLevel: "minimal",
      maxWalSenders: 0,
      hasReplication: false,
      isSuperuser: false,
      replicationError: "no pg_hba.conf entry",
      dataChecksums: false,
    };
    const fixes = assess(worst).flatMap((i) => (i.fix ? [i.fix] : []));
    expect(fixes).toHaveLength(6);
    for (const fix of fixes) {
      expect(fix.advice.trim()).not.toBe("");
      if ("command" in fix) expect(fix.command?.trim()).not.toBe("");
      if ("after" in fix) expect(fix.after?.trim()).not.toBe("");
    }
  });
});

describe("isReady", () => {
  const row = (status: ReadinessItem["status"]): ReadinessItem => ({ key: "wal_level", label: "x", status, detail: "x", fix: null });

  it("is true for an empty list and for ok, warn and unknown items", () => {
    expect(isReady([])).toBe(true);
    expect(isReady([row("ok"), row("warn"), row("unknown")])).toBe(true);
  });

  it("is false when any item fails", () => {
    expect(isReady([row("ok"), row("fail"), row("warn")])).toBe(false);
  });

  it("is false for a healthy server with one failing fact", () => {
    expect(isReady(assess())).toBe(true);
    expect(isReady(assess({ walLevel: "minimal" }))).toBe(false);
    expect(isReady(assess({ replicationError: "x" }))).toBe(false);
    expect(isReady(assess({ clientToolsMajor: null }))).toBe(false);
  });

  it("is true when everything unreadable is merely unknown", () => {
    expect(
      isReady(
        assess({ serverMajor: null, walLevel: null, maxWalSenders: null, hasReplication: null, archiveMode: null, dataChecksums: null }),
      ),
    ).toBe(true);
  });
});

describe("archive_command mode", () => {
  const CMD = "/opt/wayback/bin/wayback wal-push --cluster c1 --config /etc/wayback/wal.conf %p";
  const ready: Partial<CheckFacts> = {
    archiveMode: "on",
    archiveCommand: CMD,
    expectedArchiveCommand: CMD,
    archiveAreaAccess: "ok",
    archiveAreaDetail: "The server's OS user can write /repo/c1/wal/.",
  };
  const archiveItem = (overrides: Partial<CheckFacts>, key: ReadinessKey, username = "app") =>
    item({ ...ready, ...overrides }, key, username, "archive_command");

  it("lists archive_mode, archive_command and the repository, all ok when the server runs Wayback's command", () => {
    const items = assess(ready, "app", "archive_command");
    expect(items.map((i) => i.key)).toEqual([
      "connection",
      "client_tools",
      "wal_level",
      "max_wal_senders",
      "replication_role",
      "replication_connection",
      "archive_mode",
      "archive_command",
      "archive_repository",
      "data_checksums",
    ]);
    expect(items.filter((i) => i.key.startsWith("archive")).map((i) => [i.status, i.detail])).toEqual([
      ["ok", "archive_mode is on."],
      ["ok", `archive_command is Wayback's: ${CMD}`],
      ["ok", "The server's OS user can write /repo/c1/wal/."],
    ]);
    expect(isReady(items)).toBe(true);
  });

  it("never says Wayback streams: archive_mode off fails, with the setting and the restart", () => {
    const i = archiveItem({ archiveMode: "off" }, "archive_mode");
    expect(i).toMatchObject({
      status: "fail",
      fix: { command: "ALTER SYSTEM SET archive_mode = 'on';", after: expect.stringContaining("restart") },
    });
    expect(i.detail).not.toMatch(/stream/i);
  });

  it("fails on any other archive_command, naming both, with the exact ALTER SYSTEM to run", () => {
    const i = archiveItem({ archiveCommand: `${CMD} ` }, "archive_command");
    expect(i.status).toBe("fail");
    expect(i.detail).toBe(`archive_command is "${CMD} ", not the command this cluster needs: "${CMD}".`);
    expect(i.fix?.command).toBe(`ALTER SYSTEM SET archive_command = '${CMD}';\nSELECT pg_reload_conf();`);
    expect(archiveItem({ archiveCommand: "" }, "archive_command").detail).toMatch(/^archive_command is empty, not/);
  });

  it("quotes the command as an SQL literal", () => {
    const odd = "/srv/it's/wayback wal-push --cluster c1 %p";
    expect(archiveItem({ expectedArchiveCommand: odd }, "archive_command").fix?.command).toBe(
      "ALTER SYSTEM SET archive_command = '/srv/it''s/wayback wal-push --cluster c1 %p';\nSELECT pg_reload_conf();",
    );
  });

  it("says it cannot check when the role may not read archive_command, and how to let it", () => {
    const i = archiveItem({ archiveCommand: null }, "archive_command", "wb");
    expect(i).toMatchObject({ status: "unknown", fix: { command: 'GRANT pg_monitor TO "wb";' } });
    expect(i.detail).toMatch(/^Cannot check: role wb may not read archive_command \(it needs pg_monitor or superuser\)/);
  });

  it("asks for a new check when the last one was made while the cluster streamed", () => {
    expect(archiveItem({ expectedArchiveCommand: null }, "archive_command")).toMatchObject({
      status: "unknown",
      detail: expect.stringMatching(/check the connection again/),
    });
    expect(archiveItem({ archiveAreaAccess: null, archiveAreaDetail: null }, "archive_repository")).toMatchObject({ status: "unknown" });
  });

  it("fails when the server's OS user cannot write the repository, with the detail and the fix", () => {
    const i = archiveItem(
      { archiveAreaAccess: "fail", archiveAreaDetail: "The server's OS user (uid 105, gid 109) cannot create files in /repo/c1/wal/." },
      "archive_repository",
    );
    expect(i).toMatchObject({
      status: "fail",
      detail: "The server's OS user (uid 105, gid 109) cannot create files in /repo/c1/wal/.",
      fix: { command: expect.stringContaining("chmod 2750") },
    });
    expect(isReady(assess({ ...ready, archiveAreaAccess: "fail" }, "app", "archive_command"))).toBe(false);
  });

  it("cannot check the repository of a server on another host", () => {
    expect(
      archiveItem(
        { archiveAreaAccess: "unknown", archiveAreaDetail: "The server (db1) is not on the worker's host." },
        "archive_repository",
      ),
    ).toMatchObject({
      status: "unknown",
      detail: "The server (db1) is not on the worker's host.",
    });
  });
});

describe("isThisHost", () => {
  it.each(["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]", "/var/run/postgresql"])("%s is this host", (h) => {
    expect(isThisHost(h)).toBe(true);
  });
  it.each(["10.0.0.5", "db.example.com", "127.0.0.1.example.com", "localhost.example.com", "::2"])("%s is not", (h) => {
    expect(isThisHost(h)).toBe(false);
  });
});
