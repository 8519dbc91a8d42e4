import { describe, expect, it } from "vitest";
import { assessReadiness, synchronousReceiveItem, type CheckFacts } from "@/lib/domain/readiness";
import { SYNCHRONOUS_STANDBY_ENTRY } from "@/lib/domain/synchronous-receive";

describe("synchronous receive on the readiness list", () => {
  it("is not listed when the cluster does not ask for it", () => {
    expect(synchronousReceiveItem({ synchronousReceive: false, receiverState: "failed" })).toBeNull();
  });

  it("gives the exact synchronous_standby_names entry (the receiver's application_name) and the latency cost", () => {
    const item = synchronousReceiveItem({ synchronousReceive: true, receiverState: "streaming" })!;
    expect(item.status).toBe("ok");
    expect(item.fix?.command).toBe(`synchronous_standby_names = '"wayback-receiver"'`);
    expect(SYNCHRONOUS_STANDBY_ENTRY).toBe(item.fix?.command);
    expect(item.detail).toContain("Latency cost");
  });

  it("warns that commits wait while the receiver is down", () => {
    for (const state of ["retrying", "failed", "stopped"]) {
      const item = synchronousReceiveItem({ synchronousReceive: true, receiverState: state })!;
      expect(item.status).toBe("warn");
      expect(item.detail).toContain(`The WAL receiver is ${state}`);
      expect(item.detail).toContain("every commit on the server waits");
    }
  });

  it("is on a streaming cluster's readiness list only", () => {
    const facts = {
      reachable: true,
      error: null,
      serverVersion: "15.8",
      serverMajor: 15,
      walLevel: "replica",
      archiveMode: "off",
      archiveCommand: null,
      maxWalSenders: 10,
      isSuperuser: false,
      hasReplication: true,
      replicationError: null,
      dataChecksums: true,
      clientToolsMajor: 15,
      expectedArchiveCommand: null,
      archiveAreaAccess: null,
      archiveAreaDetail: null,
    } satisfies CheckFacts;
    const keys = (walMode: "streaming" | "archive_command") =>
      assessReadiness(facts, { username: "u", walMode, synchronousReceive: true, receiverState: "streaming" }).map((i) => i.key);
    expect(keys("streaming")).toContain("synchronous_receive");
    expect(keys("archive_command")).not.toContain("synchronous_receive");
    expect(assessReadiness(facts, { username: "u", walMode: "streaming" }).map((i) => i.key)).not.toContain("synchronous_receive");
  });
});
