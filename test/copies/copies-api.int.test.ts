// The copies routes through the real route wrapper: add a copy repository to a cluster, see it
// with its lag, choose its retention, refuse the primary and a second add, remove it, and refuse a viewer.
import { beforeAll, describe, expect, it } from "vitest";
import * as copies from "@/app/api/v1/clusters/[id]/copies/route";
import * as oneCopy from "@/app/api/v1/clusters/[id]/copies/[repositoryId]/route";
import { deleteRepository } from "@/lib/repositories/delete-repository";
import { uniqueName, useCatalog } from "@/test/harness/catalog";
import { createTestRepository } from "@/test/harness/repository";
import { useWeb } from "@/test/harness/web";
import { useWorker } from "@/test/harness/worker";

const w = useWorker();
const cat = useCatalog();
const admin = useWeb(cat, w.config, "admin");
const viewer = useWeb(cat, w.config, "viewer");
let clusterId: string;
let primaryId: string;
let copyId: string;

beforeAll(async () => {
  primaryId = (await createTestRepository(cat.db)).id;
  copyId = (await createTestRepository(cat.db)).id;
  const data = { name: uniqueName("copies-api"), host: "127.0.0.1", port: 1, database: "postgres", username: "postgres" };
  clusterId = (await cat.db.cluster.create({ data: { ...data, walMode: "archive_command", repositoryId: primaryId } })).id;
});

const path = () => `/api/v1/clusters/${clusterId}/copies`;
const add = (repositoryId: string, as = admin) =>
  as.call(copies.POST, { method: "POST", path: path(), params: { id: clusterId }, body: { repositoryId } });
const retention = (repositoryId: string, policyId: unknown, as = admin) =>
  as.call(oneCopy.PATCH, {
    method: "PATCH",
    path: `${path()}/${repositoryId}`,
    params: { id: clusterId, repositoryId },
    body: { policyId },
  });
const remove = (repositoryId: string) =>
  admin.call(oneCopy.DELETE, { method: "DELETE", path: `${path()}/${repositoryId}`, params: { id: clusterId, repositoryId } });

describe("copies API", () => {
  it("adds a copy repository and shows it with nothing behind; refuses the primary, a second add and a viewer", async () => {
    const added = await add(copyId);
    expect(added.status).toBe(201);
    expect(added.json.repositories).toEqual([
      expect.objectContaining({
        repositoryId: copyId,
        kind: "posix",
        policy: null,
        backups: { complete: 0, of: 0 },
        dumps: { complete: 0, of: 0 },
        walLag: { segments: 0, seconds: 0 },
      }),
    ]);
    expect((await add(copyId)).status).toBe(409);
    const primary = await add(primaryId);
    expect(primary.status).toBe(400);
    expect(primary.json.error.fields.repositoryId[0]).toMatch(/primary repository/);
    expect((await add(copyId, viewer)).status).toBe(403);
    const listed = await viewer.call(copies.GET, { path: path(), params: { id: clusterId } });
    expect(listed.json).toEqual(added.json);
    await expect(deleteRepository(cat.db, copyId)).rejects.toThrow(/serves 1 cluster\(s\) \(as primary or copy repository\)/);
  });

  it("sets the copy repository's retention to a policy and back to the cluster's; refuses an unknown policy, a viewer and a stranger", async () => {
    const policy = await cat.db.policy.create({
      data: { name: uniqueName("offsite"), timeZone: "UTC", keepDaily: 0, keepWeekly: 0, keepMonthly: 12, keepYearly: 0, minComplete: 1 },
    });
    const set = await retention(copyId, policy.id);
    expect(set.status).toBe(200);
    expect(set.json.repositories[0].policy).toEqual({ id: policy.id, name: policy.name });
    const unknown = await retention(copyId, crypto.randomUUID());
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.fields.policyId[0]).toMatch(/does not exist/);
    expect((await retention(copyId, "monthly")).status).toBe(400);
    expect((await retention(copyId, null, viewer)).status).toBe(403);
    expect((await retention(primaryId, null)).status).toBe(404);
    const back = await retention(copyId, null);
    expect(back.status).toBe(200);
    expect(back.json.repositories[0].policy).toBeNull();
  });

  it("removes it, and a second removal is a 404", async () => {
    const removed = await remove(copyId);
    expect(removed.status).toBe(200);
    expect(removed.json.repositories).toEqual([]);
    expect((await remove(copyId)).status).toBe(404);
    expect((await remove("not-a-uuid")).status).toBe(404);
    await deleteRepository(cat.db, copyId);
  });
});
