// Issue 22's benchmark of the pgBackRest engine, on the bench's source: a cluster Wayback drives
// with pgBackRest (its stanza written by Wayback's first backup job) against the same pgbackrest
// commands run by hand on a second stanza of the same server, with the same options, in a
// repository of its own. Both stanzas receive every WAL segment (one archive_command pushes to
// each), so each side's backups and restores do the same work.
import fs from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { BACKUP_JOB, requestBackup } from "@/lib/backups/request-backup";
import type { BackupKindInput } from "@/lib/domain/backup-input";
import { archiveCommandFor, stanzaNameFor } from "@/lib/domain/pgbackrest-config";
import { postgresTime } from "@/lib/domain/recovery-settings";
import { shareRepositoryWithServers } from "@/lib/embedded/repository-permissions";
import { ownedStanzaDir } from "@/lib/engines/cluster-engine";
import { instanceSocketDir } from "@/lib/pg/instance";
import { runProcess } from "@/lib/pg/run-process";
import { STANZA_CONFIG_FILE, writeStanzaConfig } from "@/lib/pgbackrest/write-stanza-config";
import { initialiseAlone } from "./lib/alone";
import { startBenchEnv, type BenchEnv } from "./lib/env";
import { ratio, timed } from "./lib/measure";
import { roundOrder, spread, type Spread } from "./lib/rounds";
import { querySource, querySourceRow, settleSource } from "./lib/source";
import { until } from "./lib/until";
import { measureCopy, startAndPromote, waybackRestore, writeToTarget } from "./restore";
import { benchPosixRepository, registerSource } from "./lib/register-source";

export interface PgBackRestEngineFigures {
  rounds: number;
  /** Share of pgbench_accounts' rows updated before each incremental (every 20th row: spread over every page). */
  changedShare: number;
  /** Wayback's first backup job: stanza config written, stanza created and checked, then a full set. */
  firstJobMs: number;
  /** Job wall time, queued to finished as the catalog records it; by hand: the pgbackrest process. */
  /** waybackPhases: the job's time per phase (medians; see withPhases). */
  full: { wayback: Spread; byHand: Spread; waybackPhases: Record<string, number> };
  incr: { wayback: Spread; byHand: Spread; waybackPhases: Record<string, number> };
  /** Medians over the rounds, from pgBackRest's info: what each set added to the repository, and the database bytes it copied. */
  bytes: { databaseBytes: number; fullStored: number; incrStored: number; fullCopied: number; incrCopied: number };
  restore: {
    writeSeconds: number;
    /** WAL segments in the catalog's archive of the cluster when the target was set. */
    walSegments: number;
    /** The restore job, enqueue to the copy promoted and checked, and its recorded phases. */
    wayback: Spread;
    waybackBase: Spread;
    waybackReplay: Spread;
    waybackVerify: Spread;
    waybackPhases: Record<string, number>;
    /** `pgbackrest restore --type=time`, then the copy started until promoted. */
    byHand: Spread;
    byHandRestore: Spread;
    byHandRecover: Spread;
  };
  /** The goals. */
  incrToFullTime: number;
  incrToFullStored: number;
  overheadFull: number;
  overheadIncr: number;
  restoreToByHand: number;
}

const BY_HAND_STANZA = "by-hand";
type Side = "wayback" | "byHand";
const TIMEOUT_MS = 3_600_000;
/** Every 20th row of pgbench_accounts, a different 20th each round. */
const CHANGED_EVERY = 20;

interface SetSizes {
  /** Bytes of database files the set copied (pgBackRest's "delta"). */
  copied: number;
  /** Bytes the set added to the repository, compressed. */
  stored: number;
}

/** The by-hand side: pgbackrest as its user runs it, the server's OS user, a plain subprocess. */
function byHand(env: BenchEnv, configPath: string) {
  const run = (args: string[]) =>
    runProcess("pgbackrest", [`--config=${configPath}`, `--stanza=${BY_HAND_STANZA}`, ...args], {
      asUser: env.osUser,
      cwd: "/",
      timeoutMs: TIMEOUT_MS,
    });
  return {
    run,
    backup: async (kind: BackupKindInput) => ({ ms: (await timed(() => run(["backup", `--type=${kind}`]))).ms }),
    /** Every set's sizes by label, from info's JSON. */
    async sizes(): Promise<Map<string, SetSizes>> {
      const { stdout } = await run(["info", "--output=json"]);
      return setSizes(stdout);
    },
  };
}

function setSizes(infoJson: string): Map<string, SetSizes> {
  const [stanza] = JSON.parse(infoJson) as { backup: { label: string; info: { delta: number; repository: { delta: number } } }[] }[];
  return new Map(stanza!.backup.map((b) => [b.label, { copied: b.info.delta, stored: b.info.repository.delta }]));
}

/** "copy 37%" is the copy phase; what follows "copy 100%" is pgBackRest's stop, its archive check and the catalog sync. */
const phaseName = (phase: string) => (phase === "copy 100%" ? "after copy 100%" : /^copy \d+%$/.test(phase) ? "copy" : phase);

/**
 * Milliseconds the cluster's newest job of `type` spent in each phase while `run` ran (polled every
 * 250 ms, so a phase shorter than that may not show; polled faster, the watching itself took CPU
 * the by-hand side did not have to share on this 2-core machine): "pickup" is queued to started, each phase
 * lasts until the next was first seen, the last until the job finished.
 */
async function withPhases<T>(env: BenchEnv, clusterId: string, type: string, run: () => Promise<T>) {
  const seen: { phase: string; at: number }[] = [];
  let running = true;
  const watch = (async () => {
    while (running) {
      const job = await env.db.job.findFirst({
        where: { clusterId, type },
        orderBy: { queuedAt: "desc" },
        select: { phase: true, status: true },
      });
      const phase = job?.status === "running" && job.phase ? phaseName(job.phase) : null;
      if (phase && seen.at(-1)?.phase !== phase) seen.push({ phase, at: Date.now() });
      await sleep(250);
    }
  })();
  const value = await run().finally(() => (running = false));
  await watch;
  const job = await env.db.job.findFirstOrThrow({ where: { clusterId, type }, orderBy: { queuedAt: "desc" } });
  const phases: Record<string, number> = { pickup: job.startedAt!.getTime() - job.queuedAt.getTime() };
  const ends = [...seen.slice(1).map((p) => p.at), job.finishedAt!.getTime()];
  seen.forEach((p, i) => (phases[p.phase] = (phases[p.phase] ?? 0) + ends[i]! - (i === 0 ? job.startedAt!.getTime() : p.at)));
  return { value, phases };
}

/** Each phase's median over the runs (a phase missing from a run counts 0 there). */
function phaseMedians(runs: Record<string, number>[]): Record<string, number> {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r)))];
  return Object.fromEntries(names.map((n) => [n, spread(runs.map((r) => r[n] ?? 0)).median]));
}

/** ALTER SYSTEM, so it wins over a value set either way (bench/lib/alone.ts sets it so too). */
async function setArchiveCommand(env: BenchEnv, command: string): Promise<void> {
  await querySource(env.source, `ALTER SYSTEM SET archive_command = '${command.replaceAll("'", "''")}'`);
  await querySource(env.source, "SELECT pg_reload_conf()");
}

/** The options of a stanza config, without the lines that differ between two stanzas by design (paths, name). */
const sharedOptions = (config: string) =>
  config
    .split("\n")
    .filter((l) => !/^(repo1-path|lock-path|spool-path|log-path)=|^\[(?!global\])/.test(l))
    .join("\n");

/**
 * A pgBackRest-engine cluster on the source and a by-hand stanza beside it; full backups through
 * Wayback's job and by hand, then `rounds` of (5% of rows updated, an incremental each side), then
 * a restore to a time after `writeSeconds` of pgbench through Wayback's restore job against
 * `pgbackrest restore --type=time` by hand, each side `rounds` times in rotating order after the
 * same settling (archivers idle, catalog caught up, CHECKPOINT).
 */
export async function benchPgBackRestEngine(
  env: BenchEnv,
  opts: { rounds: number; writeSeconds: number; log: (m: string) => void },
): Promise<PgBackRestEngineFigures> {
  const log = (m: string) => opts.log(`pgBackRest engine: ${m}`);
  const { spec } = env.source;
  const dir = path.join(env.dir, "pgbackrest-engine");
  await fs.mkdir(dir, { mode: 0o755 });
  // The server's OS user walks down to the stanza directories the worker writes under its spool.
  await fs.mkdir(env.cfg.spoolDir, { recursive: true });
  await fs.chmod(env.cfg.spoolDir, 0o755);
  await fs.mkdir(path.join(env.dir, "restores"), { recursive: true });

  const name = "bench-pgbackrest";
  const repo = await benchPosixRepository(env, { name, dir: path.join(dir, "repo") });
  const clusterId = await registerSource(env, {
    name,
    repositoryId: repo.id,
    walMode: "archive_command",
    engine: "pgbackrest",
    localDataDir: spec.dataDir,
  });
  const waybackConfig = path.join(ownedStanzaDir(env.cfg.spoolDir, clusterId), STANZA_CONFIG_FILE);

  // The by-hand stanza: rendered as Wayback renders its own (checked equal below but for its
  // paths), into a repository of its own, created before archive_command pushes to it.
  const byHandRepo = path.join(dir, "by-hand-repo");
  await shareRepositoryWithServers(byHandRepo, env.osUser);
  const { configPath: byHandConfig } = await writeStanzaConfig(
    {
      stanza: BY_HAND_STANZA,
      pgDataDir: spec.dataDir,
      pgPort: spec.port,
      pgSocketDir: instanceSocketDir(spec),
      pgUser: env.cfg.pg.osUser,
      clusterId: BY_HAND_STANZA,
      repository: { kind: "posix", path: byHandRepo },
      stanzaDir: path.join(dir, "by-hand"),
      processMax: 2,
    },
    env.osUser,
  );
  const hand = byHand(env, byHandConfig);
  await hand.run(["stanza-create"]);

  const waybackStanza = stanzaNameFor(name);
  const pushes = { wayback: archiveCommandFor(waybackConfig, waybackStanza), byHand: archiveCommandFor(byHandConfig, BY_HAND_STANZA) };
  // Each segment goes to both stanzas, one after the other: the side about to be measured first,
  // so neither side's backup waits (pgBackRest's archive check) behind the other's push.
  const pushFirst = (side: Side) =>
    setArchiveCommand(env, side === "wayback" ? `${pushes.wayback} && ${pushes.byHand}` : `${pushes.byHand} && ${pushes.wayback}`);
  const { previous } = await querySourceRow<{ previous: string }>(env.source, "SELECT current_setting('archive_command') AS previous");
  // Nothing waits to be archived while the command changes: the new one fails on Wayback's stanza
  // until its first backup job creates it (that job's check then switches WAL and waits for it).
  await settleSource(env, clusterId);
  await pushFirst("wayback");
  try {
    /** `rounds` of both sides in rotating order: `beforeRound` first in each, then before each side its push first and the source settled (none of it timed). */
    const sideRounds = async <W, H>(
      what: string,
      sides: { wayback: () => Promise<W>; byHand: () => Promise<H> },
      beforeRound = async (_round: number) => {},
    ) => {
      const runs = { wayback: [] as W[], byHand: [] as H[] };
      for (let round = 0; round < opts.rounds; round++) {
        await beforeRound(round);
        for (const side of roundOrder(["wayback", "byHand"] as const, round)) {
          await pushFirst(side);
          await settleSource(env, clusterId);
          log(`${what} round ${round + 1}/${opts.rounds}: ${side}`);
          if (side === "wayback") runs.wayback.push(await sides.wayback());
          else runs.byHand.push(await sides.byHand());
        }
      }
      return runs;
    };

    const waybackBackup = async (kind: BackupKindInput) => {
      const { value, phases } = await withPhases(env, clusterId, BACKUP_JOB, () => backupJob(kind));
      return { ...value, phases };
    };
    const backupJob = async (kind: BackupKindInput) => {
      const { id } = await requestBackup(env.db, env.queue, clusterId, kind);
      let job = await env.db.job.findUniqueOrThrow({ where: { id } });
      await until(async () => {
        job = await env.db.job.findUniqueOrThrow({ where: { id } });
        if (job.status === "failed") throw new Error(`the ${kind} backup job failed: ${job.error}\n${job.log}`);
        return job.status === "succeeded"
          ? { done: true }
          : { done: false, missing: `the ${kind} backup job (${job.status}, ${job.phase})` };
      });
      const set = await env.db.backup.findUniqueOrThrow({ where: { jobId: id }, select: { label: true } });
      return { label: set.label, ms: job.finishedAt!.getTime() - job.queuedAt.getTime() };
    };

    log("Wayback's first backup job (stanza written, created and checked, a full set)");
    const first = await waybackBackup("full");
    const written = await fs.readFile(waybackConfig, "utf8");
    if (sharedOptions(written) !== sharedOptions(await fs.readFile(byHandConfig, "utf8"))) {
      throw new Error(`The by-hand stanza's options differ from those Wayback wrote:\n${written}`);
    }

    const full = await sideRounds("full", { wayback: () => waybackBackup("full"), byHand: () => hand.backup("full") });
    const incr = await sideRounds("incr", { wayback: () => waybackBackup("incr"), byHand: () => hand.backup("incr") }, async (round) => {
      await querySource(
        env.source,
        `UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid % ${CHANGED_EVERY} = ${round % CHANGED_EVERY}`,
      );
    });

    const sizes = setSizes(
      (
        await runProcess("pgbackrest", [`--config=${waybackConfig}`, `--stanza=${waybackStanza}`, "info", "--output=json"], {
          asUser: env.osUser,
          cwd: "/",
        })
      ).stdout,
    );
    const median = (labels: string[], f: keyof SetSizes) => spread(labels.map((l) => sizes.get(l)![f])).median;
    const fullLabels = full.wayback.map((r) => r.label);
    const incrLabels = incr.wayback.map((r) => r.label);
    const { bytes: databaseBytes } = await querySourceRow<{ bytes: string }>(env.source, "SELECT pg_database_size('postgres') AS bytes");
    const bytes = {
      databaseBytes: Number(databaseBytes),
      fullStored: median(fullLabels, "stored"),
      incrStored: median(incrLabels, "stored"),
      fullCopied: median(fullLabels, "copied"),
      incrCopied: median(incrLabels, "copied"),
    };

    // writeToTarget marks the target with a table created after it: the restore part's, if it ran, goes first.
    await querySource(env.source, "DROP TABLE IF EXISTS after_target");
    const { time, walSegments } = await writeToTarget(env, clusterId, opts.writeSeconds, log);
    const user = await env.db.user.upsert({
      where: { username: "bench" },
      create: { username: "bench", passwordHash: "x", role: "admin" },
      update: {},
    });
    const restores = await sideRounds("restore to a time", {
      wayback: async () => {
        const { value: run, phases } = await withPhases(env, clusterId, "restore", () => waybackRestore(env, clusterId, time, user.id));
        const { verifyMs } = await env.db.restore.findFirstOrThrow({
          where: { clusterId },
          orderBy: { createdAt: "desc" },
          select: { verifyMs: true },
        });
        return { ...run, verifyMs: verifyMs ?? 0, phases };
      },
      byHand: async () => {
        const phases = { restoreMs: 0, recoverMs: 0 };
        const { ms } = await measureCopy(env, "pgbackrest-by-hand", async (copy) => {
          phases.restoreMs = (
            await timed(() =>
              hand.run([
                "restore",
                "--type=time",
                `--target=${postgresTime(time)}`,
                "--target-action=promote",
                "--archive-mode=off",
                `--pg1-path=${copy.dataDir}`,
              ]),
            )
          ).ms;
          phases.recoverMs = (await timed(() => startAndPromote(env, copy, {}))).ms;
        });
        return { ms, ...phases };
      },
    });

    const ms = (runs: { ms: number }[]) => spread(runs.map((r) => r.ms));
    const figures = {
      full: { wayback: ms(full.wayback), byHand: ms(full.byHand), waybackPhases: phaseMedians(full.wayback.map((r) => r.phases)) },
      incr: { wayback: ms(incr.wayback), byHand: ms(incr.byHand), waybackPhases: phaseMedians(incr.wayback.map((r) => r.phases)) },
      restore: {
        writeSeconds: opts.writeSeconds,
        walSegments,
        wayback: ms(restores.wayback),
        waybackBase: spread(restores.wayback.map((r) => r.baseMs)),
        waybackReplay: spread(restores.wayback.map((r) => r.replayMs)),
        waybackVerify: spread(restores.wayback.map((r) => r.verifyMs)),
        waybackPhases: phaseMedians(restores.wayback.map((r) => r.phases)),
        byHand: ms(restores.byHand),
        byHandRestore: spread(restores.byHand.map((r) => r.restoreMs)),
        byHandRecover: spread(restores.byHand.map((r) => r.recoverMs)),
      },
    };
    return {
      rounds: opts.rounds,
      changedShare: 1 / CHANGED_EVERY,
      firstJobMs: first.ms,
      ...figures,
      bytes,
      incrToFullTime: ratio(figures.incr.wayback.median, figures.full.wayback.median),
      incrToFullStored: ratio(bytes.incrStored, bytes.fullStored),
      overheadFull: ratio(figures.full.wayback.median, figures.full.byHand.median),
      overheadIncr: ratio(figures.incr.wayback.median, figures.incr.byHand.median),
      restoreToByHand: ratio(figures.restore.wayback.median, figures.restore.byHand.median),
    };
  } finally {
    await setArchiveCommand(env, previous);
  }
}

// `npm run bench` runs it last, on its cluster; alone: `node --import tsx bench/pgbackrest.ts`
// (WAYBACK_BENCH_SCALE, 10 by default alone; WAYBACK_BENCH_ROUNDS, 3; WAYBACK_BENCH_WRITE_SECONDS, 60).
if (import.meta.filename === process.argv[1]) {
  const log = (m: string) => console.log(`bench: ${m}`);
  const env = await startBenchEnv(log);
  try {
    await initialiseAlone(env, Number(process.env.WAYBACK_BENCH_SCALE ?? 10), log);
    const figures = await benchPgBackRestEngine(env, {
      rounds: Number(process.env.WAYBACK_BENCH_ROUNDS ?? 3),
      writeSeconds: Number(process.env.WAYBACK_BENCH_WRITE_SECONDS ?? 60),
      log,
    });
    console.log(JSON.stringify(figures, null, 2));
  } finally {
    await env.close();
  }
}
