import { describe, expect, it } from "vitest";
import { embeddedPlaces, firstUntraversable } from "@/lib/domain/server-reach";

const postgres = { uid: 101, gid: 104 };
const dir = (path: string, mode: number, uid = 0, gid = 0) => ({ path, mode: 0o040000 | mode, uid, gid });

describe("firstUntraversable", () => {
  it("finds /root (0700, owned by root) on the way to a checkout under it", () => {
    const entries = [dir("/root/wayback/bin", 0o755), dir("/root/wayback", 0o755), dir("/root", 0o700), dir("/", 0o755)];
    expect(firstUntraversable(entries, postgres)?.path).toBe("/root");
  });

  it("accepts a path every ancestor of which lets others through", () => {
    expect(
      firstUntraversable([dir("/work/main/bin", 0o755), dir("/work/main", 0o711), dir("/work", 0o755), dir("/", 0o755)], postgres),
    ).toBeUndefined();
  });

  it("reads the owner's bits for the owner and the group's bits for the group, not the others'", () => {
    expect(firstUntraversable([dir("/srv/pg", 0o071, postgres.uid)], postgres)?.path).toBe("/srv/pg");
    expect(firstUntraversable([dir("/srv/pg", 0o700, postgres.uid)], postgres)).toBeUndefined();
    expect(firstUntraversable([dir("/srv/grp", 0o701, 0, postgres.gid)], postgres)?.path).toBe("/srv/grp");
    expect(firstUntraversable([dir("/srv/grp", 0o710, 0, postgres.gid)], postgres)).toBeUndefined();
  });
});

describe("embeddedPlaces", () => {
  it("keeps data and CLI in the checkout when servers can reach it", () => {
    expect(embeddedPlaces("/work/main", { reachable: true, checkoutId: "abc" })).toEqual({
      dataDir: "/work/main/.wayback",
      cliDir: "/work/main/bin",
    });
  });

  it("moves both under /var/lib/wayback/<checkout id> when they cannot", () => {
    expect(embeddedPlaces("/root/wayback", { reachable: false, checkoutId: "1a2b3c4d5e6f" })).toEqual({
      dataDir: "/var/lib/wayback/1a2b3c4d5e6f",
      cliDir: "/var/lib/wayback/1a2b3c4d5e6f/cli",
    });
  });
});
