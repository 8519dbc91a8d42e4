import { describe, expect, it } from "vitest";
import { advisoryLocks, MIGRATIONS_LOCK_ID } from "@/lib/db/advisory-locks";

// Workers of two releases share the catalog during an upgrade: a changed text is a lock they no
// longer agree on. These are the texts every release before this module used.
describe("advisory lock keys", () => {
  it("are the texts earlier releases hashed", () => {
    expect(advisoryLocks.instancePlaces()).toBe("restore:destinations");
    expect(advisoryLocks.admins()).toBe("users:admins");
    expect(advisoryLocks.loginUser("ann")).toBe("login-user:ann");
    expect(advisoryLocks.loginAddress("10.0.0.1")).toBe("login-ip:10.0.0.1");
    expect(advisoryLocks.clusterBackups("c1")).toBe("backups:c1");
    expect(advisoryLocks.clusterJob("drill", "c1")).toBe("drill:c1");
    expect(advisoryLocks.clusterJob("wal.index", "c1")).toBe("wal.index:c1");
    expect(advisoryLocks.clusterJob("wal.stream", "c1")).toBe("wal.stream:c1");
    expect(advisoryLocks.walReceiver("c1")).toBe("wal.receiver:c1");
  });

  it("keeps the migration runner's number", () => {
    expect(MIGRATIONS_LOCK_ID).toBe(7_266_123_001);
  });
});
