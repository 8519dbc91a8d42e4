import { describe, expect, it } from "vitest";
import { chooseWorkerHost, workerHostSchema } from "./worker-host";

describe("workerHostSchema", () => {
  it("takes hostnames", () => {
    for (const h of ["db-backup-2", "worker1.example.com", "node_7", "a"]) expect(workerHostSchema.parse(h)).toBe(h);
  });

  it("refuses what cannot be part of a queue name or a Redis key", () => {
    for (const h of ["", "db:1", "{tag}", "-lead", "trail.", "two words", "a/b"]) {
      expect(workerHostSchema.safeParse(h).success, h).toBe(false);
    }
  });
});

describe("chooseWorkerHost", () => {
  const live = [
    { host: "b", runningJobs: 2 },
    { host: "c", runningJobs: 0 },
    { host: "a", runningJobs: 0 },
  ];

  it("keeps the preferred host while it has a live worker", () => {
    expect(chooseWorkerHost(live, "b")).toBe("b");
  });

  it("otherwise takes the least busy live host, then by name", () => {
    expect(chooseWorkerHost(live, "gone-host")).toBe("a");
  });

  it("falls back to the preferred host when no worker is live (the job waits there)", () => {
    expect(chooseWorkerHost([], "db-backup-1")).toBe("db-backup-1");
  });

  it("without a preference: the least busy live host, or none (any worker)", () => {
    expect(chooseWorkerHost(live, undefined)).toBe("a");
    expect(chooseWorkerHost([], undefined)).toBeNull();
  });
});
