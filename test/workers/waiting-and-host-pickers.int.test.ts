import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as oneCluster from "@/app/api/v1/clusters/[id]/route";
import * as restores from "@/app/api/v1/clusters/[id]/restores/route";
import * as oneJob from "@/app/api/v1/jobs/[id]/route";
import * as jobs from "@/app/api/v1/jobs/route";
import * as repositories from "@/app/api/v1/repositories/route";
import * as oneRepository from "@/app/api/v1/repositories/[id]/route";
import { requestBackup } from "@/lib/backups/request-backup";
import { routeJob } from "@/lib/queue/job-host";
import { parseConfig } from "@/lib/config";
import { listWorkers } from "@/lib/workers/list-workers";
import { uniqueName, useCatalog } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { registerTestCluster } from "@/test/harness/registered-cluster";
import { createTestRepository } from "@/test/harness/repository";
import { until } from "@/test/harness/until";
import { waitForJob, workerEnv } from "@/test/harness/worker";
import { useWorkerProcesses } from "@/test/harness/worker-process";
import { useWeb } from "@/test/harness/web";

// Host names of this file only: other files' workers share the catalog (not the queue prefix).
const tag = randomBytes(3).toString("hex");
const GAMMA = `gamma-${tag}`;
const DELTA = `delta-${tag}`;

const cat = useCatalog();
const source = useTestCluster();
const keyHex = randomBytes(32).toString("hex");
const config = parseConfig(workerEnv(cat, keyHex));
const workers = useWorkerProcesses(cat, keyHex, { WAYBACK_HEARTBEAT_MS: "2000", WAYBACK_JOB_LOCK_MS: "5000" });
const admin = useWeb(cat, () => config, "admin");

let clusterId: string;
const dirs: string[] = [];
beforeAll(async () => {
  // A posix repository only gamma's disk holds.
  const onGamma = await createTestRepository(cat.db);
  await cat.db.repository.update({ where: { id: onGamma.id }, data: { workerHost: GAMMA } });
  clusterId = await registerTestCluster(cat.db, {
    secretKey: Buffer.from(keyHex, "hex"),
    source: source(),
    name: `gamma-bound-${tag}`,
    repositoryId: onGamma.id,
  });
});
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

const liveHostsNow = async () => (await listWorkers(cat.db, config.queuePrefix)).filter((w) => w.state === "live").map((w) => w.host);
const jobAnswer = async (id: string) => (await admin.call(oneJob.GET, { path: `/api/v1/jobs/${id}`, params: { id } })).json.job;

describe("a job bound to a host with no live worker", () => {
  it("says it waits for a worker on that host until one starts there, then runs", async () => {
    // A worker of another host is live: it cannot take the job, so the job still waits.
    workers.start({ host: DELTA });
    await until("delta's worker to be live", async () => (await liveHostsNow()).includes(DELTA), 300_000);

    const job = await requestBackup(cat.db, workers.queue, clusterId);
    expect(job.workerHost).toBe(GAMMA);
    const waiting = `waiting for a worker on ${GAMMA}`;
    expect(await jobAnswer(job.id)).toMatchObject({ status: "queued", workerHost: GAMMA, waitingFor: waiting });
    const listed = await admin.call(jobs.GET, { path: `/api/v1/jobs?clusterId=${clusterId}&limit=5` });
    expect(listed.json.jobs.find((j: { id: string }) => j.id === job.id)).toMatchObject({ waitingFor: waiting });

    workers.start({ host: GAMMA });
    const done = await waitForJob(cat.db, job.id, (j) => j.status === "succeeded" || j.status === "failed");
    expect(done.status).toBe("succeeded");
    expect(await jobAnswer(job.id)).toMatchObject({ status: "succeeded", waitingFor: null });
    // It ran on gamma, never on delta.
    expect((await cat.db.jobAttempt.findMany({ where: { jobId: job.id } })).map((a) => a.worker.split(":")[0])).toEqual([GAMMA]);
  }, 900_000);
});

describe("host pickers", () => {
  it("refuses a restore onto a host with no live worker, naming the live ones, and changes nothing", async () => {
    workers.start({ host: GAMMA });
    await until("gamma's worker to be live", async () => (await liveHostsNow()).includes(GAMMA), 300_000);
    const backup = await cat.db.backup.findFirstOrThrow({ where: { clusterId, status: "complete" } });
    const before = {
      restores: await cat.db.restore.count({ where: { clusterId } }),
      jobs: await cat.db.job.count({ where: { clusterId } }),
    };
    const ask = (workerHost: string, dryRun: boolean) =>
      admin.call(restores.POST, {
        method: "POST",
        path: `/api/v1/clusters/${clusterId}/restores`,
        params: { id: clusterId },
        body: { target: { kind: "immediate", backupId: backup.id }, workerHost, dryRun },
      });

    const refused = await ask(`nowhere-${tag}`, false);
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toBe(`No worker is running on nowhere-${tag}.`);
    expect(refused.json.error.fields.workerHost[0]).toMatch(new RegExp(`Choose a worker host with a live worker \\(now: .*${GAMMA}`));
    expect({
      restores: await cat.db.restore.count({ where: { clusterId } }),
      jobs: await cat.db.job.count({ where: { clusterId } }),
    }).toEqual(before);

    // A live host is accepted: the plan names it.
    const planned = await ask(GAMMA, true);
    expect(planned.status).toBe(200);
    expect(planned.json.plan.workerHost).toBe(GAMMA);

    // In place runs where the cluster's data directory is: named on the cluster, another host is refused.
    const dataDir = path.join(os.tmpdir(), `in-place-${tag}`);
    const edited = await admin.call(oneCluster.PATCH, {
      method: "PATCH",
      path: `/api/v1/clusters/${clusterId}`,
      params: { id: clusterId },
      body: { localDataDir: dataDir, localDataDirHost: GAMMA },
    });
    expect(edited.status).toBe(200);
    expect(edited.json.cluster).toMatchObject({ localDataDir: dataDir, localDataDirHost: GAMMA });
    const inPlace = (workerHost?: string) =>
      admin.call(restores.POST, {
        method: "POST",
        path: `/api/v1/clusters/${clusterId}/restores`,
        params: { id: clusterId },
        body: {
          target: { kind: "immediate", backupId: backup.id },
          destination: { kind: "in_place", confirm: "" },
          workerHost,
          dryRun: true,
        },
      });
    const elsewhere = await inPlace(DELTA);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.json.error.fields.workerHost).toEqual([`Leave the worker host out, or choose ${GAMMA}.`]);
    const there = await inPlace();
    expect(there.status).toBe(200);
    expect(there.json.plan).toMatchObject({ workerHost: GAMMA, dataDir });
  }, 900_000);

  it("takes a posix repository's worker host through the API, refusing a malformed one without creating anything", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-host-repo-"));
    dirs.push(dir);
    const name = uniqueName("on-gamma");
    const post = (workerHost: string) =>
      admin.call(repositories.POST, { method: "POST", path: "/api/v1/repositories", body: { name, kind: "posix", path: dir, workerHost } });

    const bad = await post("db:backup");
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.workerHost[0]).toMatch(/A worker host is a hostname/);
    expect(await cat.db.repository.count({ where: { name } })).toBe(0);

    const created = await post(GAMMA);
    expect(created.status).toBe(201);
    expect(created.json.repository).toMatchObject({ kind: "posix", workerHost: GAMMA });
    const id = created.json.repository.id;

    // Moved to a shared mount: blank clears it.
    const shared = await admin.call(oneRepository.PATCH, {
      method: "PATCH",
      path: `/api/v1/repositories/${id}`,
      params: { id },
      body: { workerHost: "" },
    });
    expect(shared.status).toBe(200);
    expect(shared.json.repository.workerHost).toBeNull();
    expect((await cat.db.repository.findUniqueOrThrow({ where: { id } })).workerHost).toBeNull();
  }, 300_000);
});

describe("a pgBackRest cluster's jobs", () => {
  it("run on its data directory's host, where its stanza is; other jobs and Wayback-engine clusters are not bound by it", async () => {
    const pgbackrest = { engine: "pgbackrest" as const, pgbackrestStanza: "routing", localDataDirHost: GAMMA };
    await cat.db.cluster.update({ where: { id: clusterId }, data: pgbackrest });
    try {
      expect(await routeJob(cat.db, "backup.full", clusterId)).toBe(GAMMA);
      expect(await routeJob(cat.db, "verify", clusterId, { repositoryIds: [] })).toBe(GAMMA);
      expect(await routeJob(cat.db, "monitor", clusterId)).toBeNull();
      // The repository is gamma's disk too: a stanza on delta cannot be reached with it.
      await cat.db.cluster.update({ where: { id: clusterId }, data: { localDataDirHost: DELTA } });
      await expect(routeJob(cat.db, "backup.full", clusterId)).rejects.toThrow(
        new RegExp(
          `repository .* on worker host ${GAMMA} and the cluster's pgBackRest stanza on ${DELTA}|the cluster's pgBackRest stanza on worker host ${DELTA} and repository .* on ${GAMMA}`,
        ),
      );
      expect(await routeJob(cat.db, "verify", clusterId, { repositoryIds: [] })).toBe(DELTA);
    } finally {
      await cat.db.cluster.update({
        where: { id: clusterId },
        data: { engine: "wayback", pgbackrestStanza: null, localDataDirHost: null },
      });
    }
    expect(await routeJob(cat.db, "verify", clusterId, { repositoryIds: [] })).toBeNull();
  });
});
