// `npm run bench`: measurements against plain PostgreSQL tools and pgBackRest in the same run, on
// the same cluster (pgbench -s 100 by default, WAYBACK_BENCH_SCALE to change). Not a test: it
// prints ratios and writes them to bench/results/<timestamp>.json.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { withPgPass } from "@/lib/pg/pgpass";
import { runProcess } from "@/lib/pg/run-process";
import { benchActivity } from "./activity";
import { benchBackup } from "./backup";
import { benchDrill } from "./drill";
import { benchDump } from "./dump";
import { benchEncryption } from "./encryption";
import { benchFleet } from "./fleet";
import { startBenchEnv } from "./lib/env";
import { timed } from "./lib/measure";
import { setUpPgBackRest } from "./lib/pgbackrest";
import { benchPgBackRestEngine } from "./pgbackrest";
import { renderReport, type BenchResults } from "./report";
import { benchRestore } from "./restore";
import { benchRpo } from "./rpo";
import { benchS3 } from "./s3";
import { benchS3Restore } from "./s3-restore";
import { benchS3Wal } from "./s3-wal";
import { benchTableRestore } from "./table-restore";
import { benchWalPush } from "./wal-push";

const scale = Number(process.env.WAYBACK_BENCH_SCALE ?? 100);
const rounds = Number(process.env.WAYBACK_BENCH_ROUNDS ?? 3);
const writeSeconds = Number(process.env.WAYBACK_BENCH_WRITE_SECONDS ?? 60);
const log = (m: string) => console.log(`bench: ${m}`);
const loadAverage = () => os.loadavg()[0]!.toFixed(1);

const loadAtStart = loadAverage();
const env = await startBenchEnv(log);
try {
  log("setting up pgBackRest for the source cluster");
  const pgbackrest = await setUpPgBackRest(env);
  const { spec, password } = env.source;
  log(`pgbench -i -s ${scale}`);
  const init = await timed(() =>
    withPgPass([{ host: "127.0.0.1", port: spec.port, user: "postgres", password }], async (e) =>
      runProcess(
        await env.bins.path("pgbench"),
        ["-h", "127.0.0.1", "-p", String(spec.port), "-U", "postgres", "-i", "-q", "-s", String(scale), "postgres"],
        { env: e, timeoutMs: 3_600_000 },
      ),
    ),
  );
  log(`initialised in ${(init.ms / 1000).toFixed(1)} s`);

  // Saved after every part, so a run that is stopped half-way still leaves what it measured.
  const results: BenchResults = {
    at: new Date().toISOString(),
    scale,
    rounds,
    load: "",
    backup: await benchBackup(env, pgbackrest, rounds, log),
  };
  const file = path.join(import.meta.dirname, "results", `${results.at.replaceAll(":", "-")}.json`);
  const save = async () => {
    results.load = `1-minute load average ${loadAtStart} at the start, ${loadAverage()} at the end (${os.cpus().length} cores)`;
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, JSON.stringify(results, null, 2) + "\n");
  };
  await save();
  // WAYBACK_BENCH_BACKUP_ONLY=1 measures the backups alone (the other parts need one anyway).
  if (!process.env.WAYBACK_BENCH_BACKUP_ONLY) {
    const { clusterId, repository } = results.backup;
    // WAYBACK_BENCH_ONLY=restore measures the backups and the restore alone (a shorter run).
    const restoreOnly = process.env.WAYBACK_BENCH_ONLY === "restore";
    if (!restoreOnly) {
      results.walPush = await benchWalPush(env, repository, log);
      await save();
    }
    results.restore = await benchRestore(env, pgbackrest, clusterId, { writeSeconds, rounds, log });
    await save();
    if (!restoreOnly) {
      results.drill = await benchDrill(env, clusterId, log);
      await save();
      results.dump = await benchDump(env, clusterId, log);
      await save();
      results.fleet = await benchFleet(log);
      await save();
      results.s3 = await benchS3({ mib: Number(process.env.WAYBACK_BENCH_S3_MIB ?? 64), rounds, log });
      await save();
      results.encryption = await benchEncryption({ mib: Number(process.env.WAYBACK_BENCH_ENCRYPTION_MIB ?? 64), rounds, log });
      await save();
      results.s3Restore = await benchS3Restore(env, { writeSeconds, rounds, log });
      await save();
      results.s3Wal = await benchS3Wal(env, { seconds: writeSeconds, log });
      await save();
      results.rpo = await benchRpo(env, log);
      await save();
      results.tableRestore = await benchTableRestore(env, clusterId, log);
      await save();
      results.activity = await benchActivity(env, clusterId, log);
      await save();
      // Last: it points the source's archive_command at its own two stanzas while it runs.
      results.pgbackrestEngine = await benchPgBackRestEngine(env, { rounds, writeSeconds, log });
      await save();
    }
  }
  console.log(JSON.stringify(results, null, 2));
  console.log(renderReport(results));
  log(`results saved in ${file}`);
} finally {
  await env.close();
}
