import { describe, expect, it } from "vitest";
import { childEnv } from "@/lib/domain/child-env";

const worker = {
  PATH: "/usr/bin:/bin",
  LANG: "C.UTF-8",
  LC_ALL: "C",
  TZ: "UTC",
  TMPDIR: "/tmp",
  HOME: "/root",
  DATABASE_URL: "postgresql://wayback:secret@127.0.0.1/wayback",
  REDIS_URL: "redis://:secret@127.0.0.1:6379",
  WAYBACK_SECRET_KEY: "00".repeat(32),
  PGPASSWORD: "operator-secret",
  PGHOST: "elsewhere",
  NODE_OPTIONS: "--import tsx",
};

describe("childEnv", () => {
  it("passes only the locale, time zone, PATH and temporary directory", () => {
    expect(childEnv(worker)).toEqual({ PATH: "/usr/bin:/bin", LANG: "C.UTF-8", LC_ALL: "C", TZ: "UTC", TMPDIR: "/tmp" });
  });

  it("adds what the caller passes, and removes a key set to undefined", () => {
    const env = childEnv(worker, { PGPASSFILE: "/tmp/x/pass", PGAPPNAME: "wayback", TZ: undefined, LC_ALL: "C.UTF-8" });
    expect(env).toEqual({
      PATH: "/usr/bin:/bin",
      LANG: "C.UTF-8",
      LC_ALL: "C.UTF-8",
      TMPDIR: "/tmp",
      PGPASSFILE: "/tmp/x/pass",
      PGAPPNAME: "wayback",
    });
  });

  it("never passes the worker's secrets or the operator's PG* variables", () => {
    const keys = Object.keys(childEnv(worker, {}));
    for (const key of ["DATABASE_URL", "REDIS_URL", "WAYBACK_SECRET_KEY", "PGPASSWORD", "PGHOST", "HOME", "NODE_OPTIONS"])
      expect(keys).not.toContain(key);
  });
});
