import { describe, expect, it } from "vitest";
import {
  dumpRestoreBody,
  NEW_INSTANCE,
  overwrites,
  tableKey,
  toggled,
  type DumpFacts,
  type DumpRestoreChoices,
} from "@/components/dumps/dump-restore-choices";

const orders = { schema: "shop", name: "orders" };
const users = { schema: "auth", name: "users" };
const custom: DumpFacts = { format: "custom", toc: { tables: [orders, users] } };
const choices = (over: Partial<DumpRestoreChoices> = {}): DumpRestoreChoices => ({
  into: "cluster-1",
  targetDatabase: "app_restored",
  whole: true,
  schemas: new Set(),
  tables: new Set(),
  jobs: "4",
  noOwner: true,
  clean: false,
  ifExists: true,
  confirmDatabase: "app",
  ...over,
});

describe("the dump restore request", () => {
  it("restores the whole dump into a new database on a cluster, with no clean and no confirmation", () => {
    expect(dumpRestoreBody(custom, choices())).toEqual({
      target: { kind: "cluster" },
      targetClusterId: "cluster-1",
      targetDatabase: "app_restored",
      selection: undefined,
      jobs: 4,
      noOwner: true,
      clean: false,
      ifExists: false,
      confirmDatabase: "",
    });
  });

  it("lists chosen tables, but not those of a schema chosen whole", () => {
    const body = dumpRestoreBody(
      custom,
      choices({ whole: false, schemas: new Set(["auth"]), tables: new Set([tableKey(orders), tableKey(users)]) }),
    );
    expect(body.selection).toEqual({ schemas: ["auth"], tables: [orders] });
  });

  it("restores over a database only on an existing cluster, from a non-plain dump, with the typed name", () => {
    expect(dumpRestoreBody(custom, choices({ clean: true }))).toMatchObject({ clean: true, ifExists: true, confirmDatabase: "app" });
    expect(overwrites(custom, choices({ clean: true, into: NEW_INSTANCE }))).toBe(false);
    expect(overwrites({ format: "plain", toc: null }, choices({ clean: true }))).toBe(false);
  });

  it("sends a new instance without a cluster, and a plain dump whole in one job", () => {
    expect(dumpRestoreBody(custom, choices({ into: NEW_INSTANCE }))).toMatchObject({
      target: { kind: "new_instance" },
      targetClusterId: undefined,
    });
    expect(dumpRestoreBody({ format: "plain", toc: null }, choices({ whole: false, schemas: new Set(["auth"]) }))).toMatchObject({
      selection: undefined,
      jobs: 1,
    });
  });

  it("toggles a value into a new set, leaving the old one as it was", () => {
    const before = new Set(["a"]);
    expect([...toggled(before, "b", true)]).toEqual(["a", "b"]);
    expect([...toggled(before, "a", false)]).toEqual([]);
    expect([...before]).toEqual(["a"]);
  });
});
