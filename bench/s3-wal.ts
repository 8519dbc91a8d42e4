// WAL to S3 under load: pgbench writes for 60 s against the bench's source while its streaming
// receiver archives into an S3 primary repository on the loopback server; the archive lag (bytes
// of WAL written by the source and not yet stored as a segment in the repository) is sampled every
// second. Goal: it does not grow (slope of a least-squares line through the samples under one
// segment per minute); after the load, the time until the repository holds the last finished
// segment is reported too.
// `npm run bench` runs it; `node --import tsx bench/s3-wal.ts` runs it alone (WAYBACK_BENCH_SCALE, 10 alone).
import { setTimeout as sleep } from "node:timers/promises";
import { withPgPass } from "@/lib/pg/pgpass";
import { runProcess } from "@/lib/pg/run-process";
import { s3rverSettings } from "@/test/harness/s3-server";
import { initialiseAlone } from "./lib/alone";
import { startBenchEnv, type BenchEnv } from "./lib/env";
import { timed } from "./lib/measure";
import { s3PrimaryCluster } from "./lib/s3-primary";
import { startServerProcess } from "./s3";
import { currentSegno, querySourceRow } from "./lib/source";
import { until } from "./lib/until";

export interface S3WalFigures {
  seconds: number;
  /** WAL the source wrote during the load, MiB per second. */
  walMiBPerSecond: number;
  samples: number;
  /** Least-squares slope of the lag over the load, MiB per minute; positive: growing. */
  lagSlopeMiBPerMinute: number;
  lagStartMiB: number;
  lagEndMiB: number;
  lagMaxMiB: number;
  /** After the load: until the archive holds every finished segment. */
  drainMs: number;
  keepsUp: boolean;
}

const MiB = 1024 * 1024;

export async function benchS3Wal(env: BenchEnv, opts: { seconds: number; log: (m: string) => void }): Promise<S3WalFigures> {
  const log = (m: string) => opts.log(`S3 WAL: ${m}`);
  const server = await startServerProcess("wayback-bench-wal");
  try {
    const { clusterId } = await s3PrimaryCluster(env, s3rverSettings(server.endpoint, server.bucket, "wal/"), "bench-s3-wal");
    const { size } = await querySourceRow<{ size: string }>(
      env.source,
      "SELECT setting AS size FROM pg_settings WHERE name = 'wal_segment_size'",
    );
    const segmentBytes = Number(size);
    const written = async () =>
      Number((await querySourceRow<{ at: string }>(env.source, "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint AS at")).at);
    const newestSegno = async () =>
      (await env.db.walSegment.findFirst({ where: { clusterId }, orderBy: { segno: "desc" }, select: { segno: true } }))?.segno ?? null;
    /** Bytes written past the end of the newest segment the repository holds. */
    const lag = async () => {
      const newest = await newestSegno();
      const archivedEnd = newest === null ? 0 : (Number(newest) + 1) * segmentBytes;
      return Math.max(0, (await written()) - archivedEnd);
    };

    /** Until the repository holds every finished segment; how long that took. */
    const caughtUp = async () => {
      const lastFinished = (await currentSegno(env.source)) - 1n;
      return timed(() =>
        until(async () => {
          const newest = await newestSegno();
          return newest !== null && newest >= lastFinished
            ? { done: true }
            : { done: false, missing: `the repository to hold segno ${lastFinished} (it has ${newest ?? "none"})` };
        }),
      );
    };
    // The load starts from an archive that holds everything finished (pgbench -i's WAL included).
    await querySourceRow(env.source, "SELECT pg_switch_wal()");
    await caughtUp();

    log(`pgbench writes for ${opts.seconds} s; the lag sampled every second`);
    const { spec, password } = env.source;
    const startBytes = await written();
    const start = performance.now();
    let loadDone = false;
    const load = withPgPass([{ host: "127.0.0.1", port: spec.port, user: "postgres", password }], async (e) =>
      runProcess(
        await env.bins.path("pgbench"),
        ["-h", "127.0.0.1", "-p", String(spec.port), "-U", "postgres", "-n", "-c", "2", "-T", String(opts.seconds), "postgres"],
        { env: e, timeoutMs: (opts.seconds + 120) * 1000 },
      ),
    ).finally(() => (loadDone = true));
    const samples: { s: number; bytes: number }[] = [];
    while (!loadDone) {
      samples.push({ s: (performance.now() - start) / 1000, bytes: await lag() });
      await Promise.race([sleep(1000), load.catch(() => undefined)]);
    }
    await load;
    const seconds = (performance.now() - start) / 1000;
    const endBytes = await written();
    // Stored, not yet indexed: indexing (pg_waldump) follows the archive and is not its lag.
    const drain = await caughtUp();

    const slope = leastSquaresSlope(samples.map((p) => [p.s, p.bytes]));
    const figures: S3WalFigures = {
      seconds: Math.round(seconds),
      walMiBPerSecond: round2((endBytes - startBytes) / MiB / seconds),
      samples: samples.length,
      lagSlopeMiBPerMinute: round2((slope * 60) / MiB),
      lagStartMiB: round2(samples[0]!.bytes / MiB),
      lagEndMiB: round2(samples.at(-1)!.bytes / MiB),
      lagMaxMiB: round2(Math.max(...samples.map((p) => p.bytes)) / MiB),
      drainMs: Math.round(drain.ms),
      keepsUp: slope * 60 < segmentBytes,
    };
    log(`lag ${figures.lagStartMiB} → ${figures.lagEndMiB} MiB (max ${figures.lagMaxMiB}), slope ${figures.lagSlopeMiBPerMinute} MiB/min`);
    return figures;
  } finally {
    await server.stop();
  }
}

/** The slope b of y = a + b·x fitted by least squares. */
export function leastSquaresSlope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((t, [x]) => t + x, 0) / n;
  const my = points.reduce((t, [, y]) => t + y, 0) / n;
  const sxy = points.reduce((t, [x, y]) => t + (x - mx) * (y - my), 0);
  const sxx = points.reduce((t, [x]) => t + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

if (import.meta.filename === process.argv[1]) {
  const log = (m: string) => console.log(`bench: ${m}`);
  const env = await startBenchEnv(log);
  try {
    await initialiseAlone(env, Number(process.env.WAYBACK_BENCH_SCALE ?? 10), log);
    const figures = await benchS3Wal(env, { seconds: Number(process.env.WAYBACK_BENCH_WRITE_SECONDS ?? 60), log });
    console.log(JSON.stringify(figures, null, 2));
  } finally {
    await env.close();
  }
}
