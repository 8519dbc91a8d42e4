// `npm run bench`: measurements against plain PostgreSQL tools and pgBackRest in the same run, on
// the same cluster (pgbench -s 100 by default, WAYBACK_BENCH_SCALE to change). Not a test: it
// prints ratios and writes them to bench/results/<timestamp>.json.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { withPgPass } from "@/lib/pg/pgpass";
import { runProcess } from "@/lib/pg/run-process";
import { benchBackup } from "./backup";
import { benchDrill } from "./drill";
import { benchDump } from "./dump";
import { benchFleet } from "./fleet";
import { startBenchEnv } from "./lib/env";
import { timed } from "./lib/measure";
import { setUpPgBackRest } from "./lib/pgbackrest";
import { renderReport, type BenchResults } from "./report";
import { benchRestore } from "./restore";
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
      runProcess(await env.bins.path("pgbench"), ["-h", "127.0.0.1", "-p", String(spec.port), "-U", "postgres", "-i", "-q", "-s", String(scale), "postgres"], { env: e, timeoutMs: 3_600_000 }),
    ),
  );
  log(`initialised in ${(init.ms / 1000).toFixed(1)} s`);

  // WAYBACK_BENCH_BACKUP_ONLY=1 measures the backups alone (the other parts need one anyway).
  const backup = await benchBackup(env, pgbackrest, rounds, log);
  const rest = process.env.WAYBACK_BENCH_BACKUP_ONLY
    ? {}
    : {
        walPush: await benchWalPush(env, backup.repository, log),
        restore: await benchRestore(env, pgbackrest, backup.clusterId, { writeSeconds, rounds, log }),
        drill: await benchDrill(env, backup.clusterId, log),
        dump: await benchDump(env, backup.clusterId, log),
        fleet: await benchFleet(log),
      };
  const results: BenchResults = { at: new Date().toISOString(), scale, rounds, load: `1-minute load average ${loadAtStart} at the start, ${loadAverage()} at the end (${os.cpus().length} cores)`, backup, ...rest };
  console.log(JSON.stringify(results, null, 2));
  console.log(renderReport(results));
  const out = path.join(import.meta.dirname, "results");
  await fs.mkdir(out, { recursive: true });
  await fs.writeFile(path.join(out, `${results.at.replaceAll(":", "-")}.json`), JSON.stringify(results, null, 2) + "\n");
} finally {
  await env.close();
}
