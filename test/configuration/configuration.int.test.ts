// Configuration as code against a real catalog, through the API routes: export, apply, plan.
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import * as configurationApi from "@/app/api/v1/configuration/route";
import * as planApi from "@/app/api/v1/configuration/plan/route";
import * as applyApi from "@/app/api/v1/configuration/apply/route";
import { parseConfig } from "@/lib/config";
import { useCatalog } from "@/test/harness/catalog";
import { useWeb } from "@/test/harness/web";
import { workerEnv } from "@/test/harness/worker";

const cat = useCatalog();
const config = parseConfig(workerEnv(cat, randomBytes(32).toString("hex")));
const web = useWeb(cat, () => config);
const viewer = useWeb(cat, () => config, "viewer");

const exportDoc = async () => {
  const r = await web.call(configurationApi.GET, { path: "/api/v1/configuration" });
  expect(r.status, r.text).toBe(200);
  return r.json.configuration;
};
const send = (handler: typeof applyApi.POST | typeof planApi.POST, document: unknown, extra: Record<string, unknown> = {}) =>
  web.call(handler, {
    method: "POST",
    path: handler === applyApi.POST ? "/api/v1/configuration/apply" : "/api/v1/configuration/plan",
    body: { document: typeof document === "string" ? document : stringify(document), ...extra },
  });
const counts = async () => ({
  repositories: await cat.db.repository.count(),
  policies: await cat.db.policy.count(),
  clusters: await cat.db.cluster.count(),
  channels: await cat.db.notificationChannel.count(),
});

describe("configuration as code", async () => {
  const repoDir = await mkdtemp(path.join(os.tmpdir(), "wayback-config-"));
  const document = {
    version: 1,
    repositories: [{ name: "main", kind: "posix", path: repoDir }],
    policies: [
      {
        name: "nightly",
        timeZone: "UTC",
        backupCron: "0 2 * * *",
        verifyCron: null,
        drillCron: null,
        retentionCron: "0 4 * * *",
        keepDaily: 7,
        keepWeekly: 4,
        keepMonthly: 6,
        keepYearly: 1,
        minComplete: 2,
      },
    ],
    clusters: [
      {
        name: "prod",
        host: "db1.example.com",
        username: "wayback",
        password: { env: "PROD_PASSWORD" },
        sslmode: "disable",
        repository: "main",
        policy: "nightly",
      },
    ],
    channels: [{ name: "ops", kind: "webhook", format: "json", secret: { env: "OPS_HOOK" }, clusters: ["prod"], severities: ["critical"] }],
  };
  const secrets = { "env:PROD_PASSWORD": "s3cret-pw", "env:OPS_HOOK": "https://hooks.example.com/T0/abc" };

  it("refuses an inline secret, naming where it is, and changes nothing", async () => {
    const before = await counts();
    const bad = structuredClone(document) as Record<string, unknown> & typeof document;
    (bad.clusters[0] as Record<string, unknown>).password = "hunter2";
    const r = await send(applyApi.POST, bad, { secrets });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toContain("clusters[0].password: a secret is written inline");
    expect(r.text).not.toContain("hunter2");
    expect(await counts()).toEqual(before);
  });

  it("refuses a document whose secret was not given, and changes nothing", async () => {
    const before = await counts();
    const r = await send(applyApi.POST, document, { secrets: { "env:OPS_HOOK": secrets["env:OPS_HOOK"] } });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toContain('cluster "prod": password refers to env:PROD_PASSWORD, which was not given');
    expect(await counts()).toEqual(before);
  });

  it("a dry run shows the changes and makes none; apply makes them, a second apply is no changes", async () => {
    const before = await counts();
    const plan = await send(planApi.POST, document, { secrets });
    expect(plan.status, plan.text).toBe(200);
    expect(plan.json.diff).toBe('+ repository "main"\n+ policy "nightly"\n+ cluster "prod"\n+ channel "ops"');
    expect(await counts()).toEqual(before);

    const applied = await send(applyApi.POST, document, { secrets });
    expect(applied.status, applied.text).toBe(200);
    expect(applied.json.applied).toBe(true);
    const prod = await cat.db.cluster.findUniqueOrThrow({ where: { name: "prod" }, include: { policy: true, repository: true } });
    expect([prod.policy?.name, prod.repository?.name, prod.port]).toEqual(["nightly", "main", 5432]);
    expect(prod.passwordEncrypted).not.toContain("s3cret-pw");
    const ops = await cat.db.notificationChannel.findUniqueOrThrow({ where: { name: "ops" } });
    expect(ops.clusterIds).toEqual([prod.id]);
    expect(web.logs.join("\n")).not.toContain("s3cret-pw");
    const audit = await cat.db.auditEvent.findFirst({ where: { action: "configuration.apply" }, orderBy: { at: "desc" } });
    expect(audit?.outcome).toBe("ok");
    expect(JSON.stringify(audit)).not.toContain("s3cret-pw");

    const again = await send(applyApi.POST, document, { secrets });
    expect(again.json).toEqual({ changes: [], diff: "no changes", applied: false });
  });

  it("a policy change shows in the diff and applies", async () => {
    const changed = structuredClone(document);
    changed.policies[0]!.keepDaily = 14;
    const plan = await send(planApi.POST, changed, { secrets });
    expect(plan.json.diff).toBe('~ policy "nightly"\n    keepDaily: 7 → 14');
    expect((await cat.db.policy.findUniqueOrThrow({ where: { name: "nightly" } })).keepDaily).toBe(7);
    const bad = structuredClone(changed);
    bad.policies[0]!.keepWeekly = -1;
    const refused = await send(applyApi.POST, bad);
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toMatch(/policy "nightly": keepWeekly: /);
    expect((await cat.db.policy.findUniqueOrThrow({ where: { name: "nightly" } })).keepDaily).toBe(7);
    const applied = await send(applyApi.POST, changed);
    expect(applied.status, applied.text).toBe(200);
    expect((await cat.db.policy.findUniqueOrThrow({ where: { name: "nightly" } })).keepDaily).toBe(14);
  });

  it("export, prune everything away, apply the export: the export is the same, and applying it again is no changes", async () => {
    const exported = await exportDoc();
    expect(exported.clusters[0].password).toEqual({ env: "WAYBACK_CLUSTER_PROD_PASSWORD" });
    const yaml = await web.call(configurationApi.GET, { path: "/api/v1/configuration" });
    expect((await send(applyApi.POST, { version: 1 }, { prune: false })).json.diff).toBe("no changes");
    const pruned = await send(applyApi.POST, { version: 1 }, { prune: true });
    expect(pruned.status, pruned.text).toBe(200);
    expect(await counts()).toEqual({ repositories: 0, policies: 0, clusters: 0, channels: 0 });

    const restored = await send(applyApi.POST, exported, {
      secrets: { "env:WAYBACK_CLUSTER_PROD_PASSWORD": "s3cret-pw", "env:WAYBACK_CHANNEL_OPS_SECRET": secrets["env:OPS_HOOK"] },
    });
    expect(restored.status, restored.text).toBe(200);
    expect(await exportDoc()).toEqual(exported);
    expect((await send(applyApi.POST, exported)).json.diff).toBe("no changes");
    expect(yaml.status).toBe(200);
  });

  it("is for administrators only", async () => {
    expect((await viewer.call(configurationApi.GET, { path: "/api/v1/configuration" })).status).toBe(403);
  });
});
