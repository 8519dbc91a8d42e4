// Copy repositories on the cluster's timeline, in the restore's default, and under drills and
// verification: a posix primary and an S3 copy on the loopback server, a real cluster streaming
// into the primary, the real worker copying to S3. The timeline API shows the copy's window
// shorter while the copy job cannot reach S3 and the same once it catches up; the dry run picks
// the faster repository and says why; a verification of the copy finds an object damaged there
// (and the primary's does not); with the primary's directory deleted, a drill from the copy passes
// with every table's rows exact.
import fs from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as drillsRoute from "@/app/api/v1/clusters/[id]/drills/route";
import * as restoresRoute from "@/app/api/v1/clusters/[id]/restores/route";
import * as timelineRoute from "@/app/api/v1/clusters/[id]/timeline/route";
import * as verificationsRoute from "@/app/api/v1/clusters/[id]/verifications/route";
import { addCopyRepository } from "@/lib/copies/add-copy-repository";
import { readDrillRowCounts } from "@/lib/domain/drill-outcome";
import { formatLsn, parseLsn } from "@/lib/domain/lsn";
import { repositoryInput } from "@/lib/domain/repository-input";
import { createRepository } from "@/lib/repositories/create-repository";
import type { RestorePlanView } from "@/lib/restores/request-restore";
import { walKey } from "@/lib/storage/layout";
import type { TimelineView } from "@/lib/timeline/timeline-view";
import { archivedThroughCurrent } from "@/test/harness/archived";
import { backedUpCluster } from "@/test/harness/backed-up-cluster";
import { uniqueName, useCatalog } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { s3RepositoryFields, S3RVER_CREDENTIALS, useS3Server } from "@/test/harness/s3";
import { until } from "@/test/harness/until";
import { useWeb } from "@/test/harness/web";
import { useWorker } from "@/test/harness/worker";

const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
const cat = useCatalog();
const operator = useWeb(cat, w.config, "operator");
const source = useTestCluster();
const s3 = useS3Server();
let clusterId: string;
let primary: { id: string; path: string };
let offsite: { id: string; name: string };
const PREFIX = "offsite/";
/** Ceiling for a test that runs whole jobs (drills, verifications, copy catch-up) on a loaded machine; each waits for state. */
const JOB_CEILING_MS = 900_000;

/** Every complete backup and archived segment of the cluster is in the S3 copy. */
const caughtUp = () =>
  until(
    "the S3 copy to hold every complete backup and archived segment",
    async () => {
      const [backups, copiedBackups, segments, copiedSegments] = await Promise.all([
        w.db.backup.count({ where: { clusterId, status: "complete" } }),
        w.db.backupCopy.count({ where: { repositoryId: offsite.id, status: "complete", backup: { clusterId } } }),
        w.db.walSegment.count({ where: { clusterId } }),
        w.db.walSegmentCopy.count({ where: { clusterId, repositoryId: offsite.id } }),
      ]);
      return backups > 0 && copiedBackups === backups && segments > 0 && copiedSegments === segments;
    },
    240_000,
  );

const path = (rest: string) => `/api/v1/clusters/${clusterId}/${rest}`;
const params = () => ({ id: clusterId });

async function timeline(): Promise<TimelineView> {
  const res = await operator.call(timelineRoute.GET, { path: path("timeline"), params: params() });
  expect(res.status).toBe(200);
  return (res.json as { timeline: TimelineView }).timeline;
}

const lastWindowEnd = (lane: TimelineView["repositories"][number]) => parseLsn(lane.windows.at(-1)!.to.lsn);
const SEGMENT = 16n << 20n;
/**
 * A lane's windows as a copy can hold them: the primary's last window may run on into the
 * receiver's partial segment (no commit here comes after the last complete one), which copies
 * never hold; it then ends where that segment starts.
 */
const completeWindows = (lane: TimelineView["repositories"][number]) =>
  lane.windows.map(({ to: { partial, ...to }, ...w }) =>
    partial ? { ...w, to: { ...to, lsn: formatLsn((parseLsn(to.lsn) / SEGMENT) * SEGMENT) } } : { ...w, to },
  );

/** Waits for a job of the worker to settle, however long the loaded machine takes. */
const settled = (jobId: string) =>
  until(
    `job ${jobId} to finish`,
    () => w.db.job.findUnique({ where: { id: jobId } }).then((j) => (j?.status === "succeeded" || j?.status === "failed") && j),
    600_000,
  );

beforeAll(async () => {
  const c = source();
  ({ clusterId, repo: primary } = await backedUpCluster(w, c, "from-copies"));
  const input = repositoryInput.parse({
    name: uniqueName("offsite-s3"),
    ...s3RepositoryFields(s3(), PREFIX),
  });
  offsite = await createRepository(w.db, { input, allowedRoots: w.config().repoRoots, secretKey: w.config().secretKey });
  await addCopyRepository(w.db, { clusterId, repositoryId: offsite.id });
  // restore_command on the copy reads S3 with the key pair of the CLI's own config file.
  await fs.appendFile(
    w.config().cli.configFile!,
    `S3_ACCESS_KEY_ID=${S3RVER_CREDENTIALS.accessKeyId}\nS3_SECRET_ACCESS_KEY=${S3RVER_CREDENTIALS.secretAccessKey}\n`,
  );
  await c.query("CREATE TABLE orders (id int PRIMARY KEY, item text NOT NULL)");
  await c.query("INSERT INTO orders SELECT g, 'item ' || g FROM generate_series(1, 3000) g");
  await archivedThroughCurrent(w.db, c, clusterId);
  await caughtUp();
}, 600_000);

afterAll(async () => {
  await w.db.drill.deleteMany({ where: { clusterId } });
});

describe("copy repositories on the timeline, in the restore's default, under verification and drills", () => {
  it(
    "the timeline API shows the copy's window shorter while its copy job lags, and the same once it caught up",
    async () => {
      const before = await timeline();
      expect(before.repositories.map((r) => [r.repositoryId, r.role, r.kind])).toEqual([
        [primary.id, "primary", "posix"],
        [offsite.id, "copy", "s3"],
      ]);
      expect(before.repositories[1]!.windows).toEqual(completeWindows(before.repositories[0]!));
      expect(before.repositories[0]!.windows.length).toBeGreaterThan(0);

      // The copy job cannot reach S3: new WAL reaches the primary only.
      await s3().stop();
      try {
        await source().query("INSERT INTO orders SELECT g, 'later ' || g FROM generate_series(3001, 4000) g");
        await archivedThroughCurrent(w.db, source(), clusterId);
        const lagging = await timeline();
        const [p, copy] = lagging.repositories;
        expect(lastWindowEnd(p!)).toBeGreaterThan(lastWindowEnd(before.repositories[0]!));
        expect(lastWindowEnd(copy!)).toBe(lastWindowEnd(before.repositories[1]!));
        expect(Date.parse(copy!.latestRecoverableTime!)).toBeLessThan(Date.parse(p!.latestRecoverableTime!));
      } finally {
        await s3().start();
      }

      await caughtUp();
      const after = await timeline();
      expect(after.repositories[1]!.windows).toEqual(completeWindows(after.repositories[0]!));
      expect(after.repositories[1]!.latestRecoverableTime).toBe(after.repositories[0]!.latestRecoverableTime);
    },
    JOB_CEILING_MS,
  );

  it("the restore's default is the faster repository that covers the target, and the plan says why", async () => {
    const dryRun = (extra: Record<string, unknown> = {}) =>
      operator.call(restoresRoute.POST, {
        method: "POST",
        path: path("restores"),
        params: params(),
        body: { target: { kind: "latest" }, dryRun: true, ...extra },
      });
    const res = await dryRun();
    expect(res.status).toBe(200);
    const plan = (res.json as { plan: RestorePlanView }).plan;
    // Nothing measured yet: a directory is taken to read faster than an S3 store.
    expect(plan.repositoryId).toBe(primary.id);
    expect(plan.repositoryReason).toBe(
      "the fastest of the 2 repositories that hold the backup and the WAL to the target: not measured yet; a directory, taken to read faster than an S3 store",
    );
    expect(plan.repositories.map((r) => [r.repositoryId, r.covers])).toEqual([
      [primary.id, true],
      [offsite.id, true],
    ]);
    // The slower one when asked for it.
    const chosen = await dryRun({ repositoryId: offsite.id });
    expect((chosen.json as { plan: RestorePlanView }).plan).toMatchObject({ repositoryId: offsite.id, repositoryReason: "chosen" });
  });

  it(
    "a verification of the copy finds an object damaged there; the primary's passes and leaves the copy's alert open",
    async () => {
      const segment = await w.db.walSegmentCopy.findFirstOrThrow({
        where: { clusterId, repositoryId: offsite.id },
        orderBy: { name: "asc" },
      });
      const file = s3().objectFile(`${PREFIX}${walKey(clusterId, segment.name)}`);
      const original = await fs.readFile(file);
      const damaged = Buffer.from(original);
      damaged[damaged.length - 100] = damaged[damaged.length - 100]! ^ 0xff;
      await fs.writeFile(file, damaged);
      const verify = async (repositoryId?: string) => {
        const res = await operator.call(verificationsRoute.POST, {
          method: "POST",
          path: path(`verifications${repositoryId ? `?repositoryId=${repositoryId}` : ""}`),
          params: params(),
        });
        expect(res.status).toBe(202);
        const job = await settled((res.json as { job: { id: string } }).job.id);
        return w.db.verification.findUniqueOrThrow({ where: { jobId: job.id }, include: { findings: true } });
      };
      try {
        const copy = await verify(offsite.id);
        expect(copy).toMatchObject({ status: "failed", repositoryId: offsite.id, error: null });
        expect(copy.findings).toEqual([
          expect.objectContaining({ scope: "wal", path: walKey(clusterId, segment.name), message: expect.stringMatching(/sha-?256/i) }),
        ]);
        const primaryRun = await verify();
        expect(primaryRun).toMatchObject({ status: "passed", repositoryId: primary.id, findings: [] });
        // The copy is still damaged: the primary's clean run does not resolve the copy's alert.
        expect(await w.db.alert.findFirst({ where: { clusterId, rule: "verification_failed", state: "open" } })).not.toBeNull();
      } finally {
        await fs.writeFile(file, original);
      }
      expect(await verify(offsite.id)).toMatchObject({ status: "passed", findings: [] });
      expect(await w.db.alert.findFirst({ where: { clusterId, rule: "verification_failed", state: "open" } })).toBeNull();
    },
    JOB_CEILING_MS,
  );

  it(
    "with the primary's directory deleted, a drill from the S3 copy passes with every table's rows exact",
    async () => {
      await fs.rm(primary.path, { recursive: true, force: true });
      const res = await operator.call(drillsRoute.POST, {
        method: "POST",
        path: path("drills"),
        params: params(),
        body: { target: "restore_point", repositoryId: offsite.id },
      });
      expect(res.status).toBe(202);
      const started = (res.json as { drill: { id: string; job: { id: string } } }).drill;
      await settled(started.job.id);
      const d = await w.db.drill.findUniqueOrThrow({ where: { id: started.id }, include: { job: true } });
      expect(d.job?.error ?? null).toBeNull();
      expect(d).toMatchObject({ status: "passed", repositoryId: offsite.id });
      // The primary's base backup and older WAL are gone: the copy served them.
      const rows = readDrillRowCounts(d)!;
      expect(rows.find((r) => r.table === "public.orders")).toMatchObject({ production: 4000, restored: 4000, difference: 0, ok: true });
      expect(rows.every((r) => r.ok && r.restored === r.production)).toBe(true);
    },
    JOB_CEILING_MS,
  );
});
