import { describe, expect, it } from "vitest";
import { chooseHost, databaseHosts, hostLabel, parseHostPort, type HostProbe } from "@/lib/domain/database-hosts";

const primary: HostProbe = { host: "db1", port: 5432, role: "primary" };
const standby: HostProbe = { host: "db2", port: 5433, role: "standby" };
const standby2: HostProbe = { host: "db3", port: 5432, role: "standby" };
const down: HostProbe = { host: "db4", port: 5432, role: "unreachable", error: "connection refused" };

describe("parseHostPort", () => {
  it("reads names, IPv4 and bracketed IPv6 with a port", () => {
    expect(parseHostPort("db2.example.com:5433")).toEqual({ host: "db2.example.com", port: 5433 });
    expect(parseHostPort(" 10.0.0.2:5432 ")).toEqual({ host: "10.0.0.2", port: 5432 });
    expect(parseHostPort("[fd00::2]:6432")).toEqual({ host: "fd00::2", port: 6432 });
  });

  it("refuses entries without a port, with a port out of range or with extra syntax", () => {
    for (const bad of ["db2", "db2:", "db2:0", "db2:70000", "fd00::2:5432", "postgres://db2:5432", "db 2:5432"]) {
      expect(parseHostPort(bad), bad).toBeNull();
    }
  });

  it("is undone by hostLabel", () => {
    for (const text of ["db2.example.com:5433", "[fd00::2]:6432"]) expect(hostLabel(parseHostPort(text)!)).toBe(text);
  });
});

describe("databaseHosts", () => {
  it("puts host:port first, then the other hosts in their order", () => {
    expect(databaseHosts({ host: "db1", port: 5432, otherHosts: ["db3:5432", "db2:5433"] })).toEqual([
      { host: "db1", port: 5432 },
      { host: "db3", port: 5432 },
      { host: "db2", port: 5433 },
    ]);
  });
});

describe("chooseHost", () => {
  it("sends primary connections to the read-write host wherever it is listed", () => {
    expect(chooseHost([standby, down, primary], "primary")).toEqual({ host: { host: "db1", port: 5432 } });
  });

  it("takes the first listed standby for standby and prefer-standby", () => {
    expect(chooseHost([primary, standby2, standby], "standby")).toEqual({ host: { host: "db3", port: 5432 } });
    expect(chooseHost([primary, standby], "prefer-standby")).toEqual({ host: { host: "db2", port: 5433 } });
  });

  it("falls back to the primary for prefer-standby only", () => {
    expect(chooseHost([primary, down], "prefer-standby")).toEqual({ host: { host: "db1", port: 5432 } });
    const r = chooseHost([primary, down], "standby");
    expect(r.host).toBeNull();
    expect(r).toMatchObject({
      reason: "No database host is a standby: db1:5432 is the primary; db4:5432 unreachable (connection refused).",
    });
  });

  it("says so when no host answers as primary (mid-failover)", () => {
    expect(chooseHost([standby, down], "primary")).toMatchObject({
      host: null,
      reason: expect.stringMatching(/^No database host is a primary \(read-write\)/),
    });
  });
});
