// The catalog's OS user on this (root) machine: its own, and never the servers' one.
import { describe, expect, it } from "vitest";
import { resolveCatalogUser } from "@/lib/embedded/catalog-user";
import { isRoot } from "@/lib/pg/os-user";
import { testServerUser } from "@/test/harness/cluster";

describe.runIf(isRoot())("resolveCatalogUser", () => {
  it("gives the catalog's own user, other than the servers'", async () => {
    const servers = await testServerUser();
    const catalog = await resolveCatalogUser(undefined, servers);
    expect(catalog?.uid).toBeGreaterThan(0);
    expect(catalog?.uid).not.toBe(servers?.uid);
  });

  it("refuses the servers' user, saying which setting to change", async () => {
    // As if WAYBACK_PG_OS_USER named the catalog's user.
    const servers = await resolveCatalogUser(undefined, undefined);
    await expect(resolveCatalogUser(undefined, servers)).rejects.toThrow(
      /must not run as the OS user of the PostgreSQL servers.*Set WAYBACK_CATALOG_OS_USER/,
    );
  });

  it("says how to create a missing user", async () => {
    await expect(resolveCatalogUser("wayback-no-such-user", undefined)).rejects.toThrow(
      `useradd --system --home /var/lib/wayback-catalog wayback-no-such-user — or set WAYBACK_CATALOG_OS_USER`,
    );
  });
});
