import { describe, expect, it } from "vitest";
import { configDocument, readConfigDocument, type ConfigDocument } from "./config-document";
import { describePlan, planConfiguration } from "./config-plan";

const doc = (d: Partial<ConfigDocument>): ConfigDocument => configDocument.parse({ version: 1, ...d });
const current = doc({
  repositories: [{ name: "main", kind: "posix", path: "/srv/repo", encrypt: false }],
  policies: [{ name: "daily", timeZone: "UTC", keepDaily: 7 }],
  clusters: [{ name: "prod", host: "db1", port: 5432, repository: "main", policy: "daily", password: { env: "OLD" } }],
  channels: [{ name: "ops", kind: "webhook", format: "json", clusters: ["prod"], severities: ["warning", "critical"] }],
});
const state = { document: current, backupCounts: { prod: 3 } };

describe("reading a configuration document", () => {
  it("refuses an inline secret, naming its place", () => {
    const r = readConfigDocument({ version: 1, clusters: [{ name: "a", repository: "main", password: "hunter2" }] });
    expect(r).toEqual({ ok: false, errors: [expect.stringMatching(/^clusters\[0\]\.password: a secret is written inline/)] });
  });

  it("refuses a reference that is neither env nor file, and a missing version", () => {
    const r = readConfigDocument({ channels: [{ name: "x", kind: "webhook", secret: { vault: "k" } }] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toContainEqual(expect.stringMatching(/^version: Write version: 1/));
      expect(r.errors).toContainEqual(expect.stringMatching(/^channels\[0\]\.secret: Refer to the secret as/));
    }
  });

  it("takes env and file references", () => {
    const r = readConfigDocument({ version: 1, channels: [{ name: "x", kind: "webhook", secret: { file: "/run/secrets/hook" } }] });
    expect(r.ok).toBe(true);
  });
});

describe("planning", () => {
  it("an unchanged document is no changes, whatever its secret references say", () => {
    const same = structuredClone(current);
    same.clusters[0]!.password = { env: "NEW" };
    const plan = planConfiguration(state, same, { prune: false });
    expect(plan).toEqual({ changes: [], refusals: [] });
    expect(describePlan(plan)).toBe("no changes");
  });

  it("shows a changed field with its old and new value, and new entries", () => {
    const want = structuredClone(current);
    want.policies[0]!.keepDaily = 14;
    want.channels[0]!.severities = ["critical", "warning"]; // same set, other order: no change
    want.clusters.push({ name: "stage", repository: "main", host: "db2" } as never);
    const plan = planConfiguration(state, want, { prune: false });
    expect(describePlan(plan)).toBe('~ policy "daily"\n    keepDaily: 7 → 14\n+ cluster "stage"');
  });

  it("leaves out fields the document does not mention", () => {
    const want = doc({ policies: [{ name: "daily" }] });
    expect(planConfiguration(state, want, { prune: false }).changes).toEqual([]);
  });

  it("deletes nothing without prune; with prune deletes dependants first and never a cluster with backups", () => {
    const empty = doc({});
    expect(planConfiguration(state, empty, { prune: false }).changes).toEqual([]);
    const pruned = planConfiguration({ ...state, backupCounts: {} }, empty, { prune: true });
    expect(pruned.changes.map((c) => `${c.action} ${c.name}`)).toEqual(["delete ops", "delete prod", "delete daily", "delete main"]);
    const kept = planConfiguration(state, empty, { prune: true });
    expect(kept.refusals).toEqual([expect.stringMatching(/^cluster "prod" has 3 backup\(s\): apply never deletes it/)]);
  });

  it("refuses to move a repository's data, an unknown field, and a name given twice", () => {
    const want = structuredClone(current);
    want.repositories[0]!.path = "/elsewhere";
    want.policies[0]!.keepHourly = 3;
    want.channels.push(want.channels[0]!);
    const plan = planConfiguration(state, want, { prune: false });
    expect(plan.refusals).toEqual([
      'repository "main": path cannot change ("/srv/repo" → "/elsewhere"); add a new one instead.',
      'policy "daily": keepHourly is not a setting of policies.',
      'channel "ops" appears twice in the document.',
    ]);
  });
});
