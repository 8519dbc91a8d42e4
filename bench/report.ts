import { formatBytes } from "@/lib/domain/byte-size";
import type { BackupFigures } from "./backup";
import type { DrillFigures } from "./drill";
import type { DumpFigures } from "./dump";
import type { FleetBenchResult } from "./fleet";
import { goalTable, renderTable, type Goal } from "./lib/goals";
import { formatSpread, type Spread } from "./lib/rounds";
import type { RestoreFigures } from "./restore";
import type { S3BenchFigures } from "./s3";
import type { EncryptionBenchFigures } from "./encryption";
import type { S3RestoreFigures } from "./s3-restore";
import type { S3WalFigures } from "./s3-wal";
import type { ActivityFigures } from "./activity";
import type { RpoFigures } from "./rpo";
import type { WalPushFigures } from "./wal-push";
import type { TableRestoreFigures } from "./table-restore";
import type { PgBackRestEngineFigures } from "./pgbackrest";

export interface BenchResults {
  at: string;
  scale: number;
  rounds: number;
  load: string;
  backup: BackupFigures;
  walPush?: WalPushFigures;
  restore?: RestoreFigures;
  drill?: DrillFigures;
  dump?: DumpFigures;
  fleet?: FleetBenchResult;
  s3?: S3BenchFigures;
  encryption?: EncryptionBenchFigures;
  s3Restore?: S3RestoreFigures;
  s3Wal?: S3WalFigures;
  rpo?: RpoFigures;
  tableRestore?: TableRestoreFigures;
  activity?: ActivityFigures;
  pgbackrestEngine?: PgBackRestEngineFigures;
}

function goals(r: BenchResults): Goal[] {
  const { backup, restore, s3 } = r;
  const plain = "plain pg_basebackup";
  const list: Goal[] = [
    { what: "Wayback backup copy", value: backup.waybackCopy, against: plain, base: backup.plain, atMost: 1.2 },
    { what: "Wayback backup end to end", value: backup.waybackTotal, against: plain, base: backup.plain, atMost: 2 },
    {
      what: "Wayback backup end to end",
      value: backup.waybackTotal,
      against: "pgBackRest full backup",
      base: backup.pgbackrest,
      atMost: 0.5,
    },
  ];
  if (restore) {
    list.push(
      { what: "Wayback restore to a time", value: restore.wayback, against: "the same by hand", base: restore.byHand, atMost: 1.1 },
      {
        what: "Wayback restore to a time",
        value: restore.wayback,
        against: "pgBackRest restore to the time",
        base: restore.pgbackrest,
        atMost: 0.9,
      },
    );
  }
  if (r.s3Restore) {
    const { wayback, byHand } = r.s3Restore;
    list.push({
      what: "Wayback restore to a time from S3",
      value: wayback,
      against: "plain S3 download + the same by hand",
      base: byHand,
      atMost: 1.2,
    });
  }
  if (s3) {
    list.push({
      what: `Wayback S3 put of ${s3.mib} MiB`,
      value: s3.ours,
      against: "a plain lib-storage Upload",
      base: s3.plain,
      atMost: 1.2,
    });
  }
  return list;
}

function measuredTable(r: BenchResults): string {
  const row = (what: string, s: Spread) => [what, formatSpread(s)];
  const { backup, restore, s3 } = r;
  return renderTable([
    ["measured", "median (min–max)"],
    row("backup: plain pg_basebackup (server zstd, 2 workers)", backup.plain),
    row("backup: pgBackRest full (zst, process-max=2)", backup.pgbackrest),
    row("backup: Wayback job end to end", backup.waybackTotal),
    row("  of which the copy", backup.waybackCopy),
    row("  of which verification", backup.waybackVerify),
    ...(restore
      ? [
          row("restore to a time: by hand (Wayback's backup, wal-fetch)", restore.byHand),
          row("restore to a time: pgBackRest (restore + start to promotion)", restore.pgbackrest),
          row("restore to a time: Wayback job", restore.wayback),
          row("  of which the base backup", restore.waybackBase),
          row("  of which replay", restore.waybackReplay),
        ]
      : []),
    ...(s3
      ? [
          row(`S3 (loopback s3rver): plain lib-storage Upload of ${s3.mib} MiB`, s3.plain),
          row(`S3 (loopback s3rver): Wayback put of the same bytes`, s3.ours),
          row("S3: 8 WAL segments (16 MiB), plain PutObject each", s3.walPlain),
          row("S3: the same, Wayback immutable puts", s3.walOurs),
        ]
      : []),
  ]);
}

/** "pickup 0.04 s, prepare 0.20 s, …": a job's time per phase. */
const phaseList = (phases: Record<string, number>) =>
  Object.entries(phases)
    .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(2)} s`)
    .join(", ");

/** Issue 22's goals for the pgBackRest engine, each figure a median over its rounds. */
function pgBackRestEngineLine(p: PgBackRestEngineFigures): string {
  const met = (value: number, atMost: number) => `${value}x; target ≤ ${atMost}: ${value <= atMost ? "met" : "NOT met"}`;
  const { full, incr, bytes, restore } = p;
  return [
    `pgBackRest engine after ${p.changedShare * 100}% of pgbench_accounts' rows updated (${p.rounds} round(s) per side):`,
    `incremental job ${formatSpread(incr.wayback)} vs full job ${formatSpread(full.wayback)} (${met(p.incrToFullTime, 0.3)}),`,
    `stored ${formatBytes(bytes.incrStored)} vs ${formatBytes(bytes.fullStored)} (${met(p.incrToFullStored, 0.2)}; the incremental copied ${formatBytes(bytes.incrCopied)} of ${formatBytes(bytes.fullCopied)});`,
    `control overhead against the same pgbackrest commands by hand: full ${formatSpread(full.byHand)} by hand (${met(p.overheadFull, 1.1)}),`,
    `incremental ${formatSpread(incr.byHand)} by hand (${met(p.overheadIncr, 1.1)}); Wayback's full job by phase ${phaseList(full.waybackPhases)}, incremental ${phaseList(incr.waybackPhases)};`,
    `restore to a time after ${restore.writeSeconds} s of pgbench (${restore.walSegments} WAL segments): Wayback job ${formatSpread(restore.wayback)}`,
    `(base ${formatSpread(restore.waybackBase)}, replay ${formatSpread(restore.waybackReplay)}, checks ${formatSpread(restore.waybackVerify)}; by phase ${phaseList(restore.waybackPhases)})`,
    `vs pgbackrest restore --type=time ${formatSpread(restore.byHandRestore)} + start to promotion ${formatSpread(restore.byHandRecover)} by hand, ${formatSpread(restore.byHand)} (${met(p.restoreToByHand, 1.1)});`,
    `first job with the stanza set up ${(p.firstJobMs / 1000).toFixed(1)} s`,
  ].join(" ");
}

/** Single runs (no rounds): the archiver, the drill, the dumps and the fleet overview. */
function singleRunLines(r: BenchResults): string[] {
  const { walPush, drill, dump, fleet } = r;
  return [
    ...(walPush
      ? [
          `wal-push: ${walPush.waybackMsPerSegment} ms per segment through PostgreSQL's archiver; cp: ${walPush.cpMsPerSegment} ms (${walPush.ratio}x; target under 100 ms); one segment at a time through the archiver: ${walPush.oneAtATimeMs} ms; a lone wal-push process: ${walPush.aloneMsPerSegment} ms; node start: ${walPush.nodeStartMs} ms`,
        ]
      : []),
    ...(dump
      ? [
          ...dump.wayback.map(
            (d) =>
              `Wayback dump -Fd -j ${d.jobs}: ${d.dumpMs} ms (pg_dump ${d.pgDumpMs} ms, read back ${d.verifyMs} ms), restore -j ${d.jobs}: ${d.restoreMs} ms`,
          ),
          `plain pg_dump -Fd -j 2: ${dump.plainDumpMs} ms (Wayback -j 2 ${dump.dumpRatio}x), pg_restore -j 2: ${dump.plainRestoreMs} ms (Wayback -j 2 ${dump.restoreRatio}x)`,
        ]
      : []),
    ...(drill
      ? [
          `restore drill (${drill.status}): ${drill.totalMs} ms = base ${drill.baseMs} + replay ${drill.replayMs} + checks ${drill.checkMs} + other ${drill.otherMs} (checks ${drill.checksToRestore}x the restore; target under 1x)`,
        ]
      : []),
    ...(r.s3Wal
      ? [
          `WAL to S3 under ${r.s3Wal.seconds} s of pgbench (${r.s3Wal.walMiBPerSecond} MiB/s of WAL): archive lag ${r.s3Wal.lagStartMiB} → ${r.s3Wal.lagEndMiB} MiB (max ${r.s3Wal.lagMaxMiB}), slope ${r.s3Wal.lagSlopeMiBPerMinute} MiB/min, drained ${r.s3Wal.drainMs} ms after the load (keeps up: ${r.s3Wal.keepsUp ? "yes" : "NO"})`,
        ]
      : []),
    ...(r.rpo
      ? [
          `RPO after kill -9 under pgbench: asynchronous ${r.rpo.async.rpoSeconds} s (${r.rpo.async.lost} of ${r.rpo.async.committed} acknowledged transactions lost; target ≤ 5 s: ${r.rpo.async.rpoSeconds <= 5 ? "met" : "NOT met"}), synchronous ${r.rpo.sync.rpoSeconds} s (${r.rpo.sync.lost} of ${r.rpo.sync.committed} lost; target 0: ${r.rpo.sync.lost === 0 ? "met" : "NOT met"}); pgbench ${r.rpo.tps.sync} TPS synchronous vs ${r.rpo.tps.async} asynchronous (${r.rpo.tps.ratio}x)`,
        ]
      : []),
    ...(r.tableRestore
      ? [
          `one-table restore of pgbench_accounts: ${r.tableRestore.tableRestoreMs.toFixed(0)} ms; whole-cluster restore ${r.tableRestore.wholeRestoreMs.toFixed(0)} ms + pg_dump -t/pg_restore ${r.tableRestore.dumpRestoreMs.toFixed(0)} ms by hand (${r.tableRestore.toByHand}x; target ≤ 1.2: ${r.tableRestore.toByHand <= 1.2 ? "met" : "NOT met"})`,
        ]
      : []),
    ...(r.activity
      ? [
          `WAL index under ${r.activity.indexing.seconds} s of pgbench (${r.activity.indexing.walMiBPerSecond} MiB/s): segments waiting ${r.activity.indexing.lagFirstThird} → ${r.activity.indexing.lagLastThird} (max ${r.activity.indexing.lagMax}), caught up ${r.activity.indexing.catchUpSeconds} s after (keeps up: ${r.activity.indexing.keepsUp ? "yes" : "NO"}); What happened over ${r.activity.api.segments} segments: p50 ${r.activity.api.p50Ms} ms, p95 ${r.activity.api.p95Ms} ms (target ≤ ${r.activity.api.goalP95Ms} ms: ${r.activity.api.p95Ms <= r.activity.api.goalP95Ms ? "met" : "NOT met"})`,
        ]
      : []),
    ...(r.pgbackrestEngine ? [pgBackRestEngineLine(r.pgbackrestEngine)] : []),
    ...(fleet
      ? [
          `fleet overview over ${fleet.clusters} clusters (${fleet.walRows} WAL rows), ${fleet.requests} requests: p50 ${fleet.p50Ms} ms, p95 ${fleet.p95Ms} ms, max ${fleet.maxMs} ms (target p95 ≤ ${fleet.goalP95Ms} ms: ${fleet.p95Ms <= fleet.goalP95Ms ? "met" : "NOT met"}); cluster by cluster: ${fleet.perClusterP50Ms} ms`,
        ]
      : []),
  ];
}

/** What `npm run bench` prints after the JSON: the measured figures, the goals, the single runs. */
export function renderReport(r: BenchResults): string {
  return [
    `database: ${formatBytes(r.backup.databaseBytes)} (pgbench scale ${r.scale}); load: ${r.load}`,
    `${r.rounds} round(s) per side in rotating order, each run after a CHECKPOINT with both archivers (pgBackRest's archive-push, Wayback's receiver and indexing) idle; a shared machine is noisy: read the ranges.`,
    ...(r.restore
      ? [`restore target: after ${r.restore.writeSeconds} s of pgbench writes (${r.restore.walSegments} WAL segments archived)`]
      : []),
    "",
    measuredTable(r),
    "",
    goalTable(goals(r)),
    "",
    ...singleRunLines(r),
  ].join("\n");
}
