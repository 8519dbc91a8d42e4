// `npm run bench`: measurements against plain PostgreSQL tools in the same run, on the same
// cluster (pgbench -s 100 by default, WAYBACK_BENCH_SCALE to change). Not a test: it prints
// ratios and writes them to bench/results/<timestamp>.json.
import fs from "node:fs/promises";
import path from "node:path";
import { withPgPass } from "@/lib/pg/pgpass";
import { runProcess } from "@/lib/pg/run-process";
import { benchBackup } from "./backup";
import { benchDrill } from "./drill";
import { benchDump } from "./dump";
import { benchRestore } from "./restore";
import { benchWalPush } from "./wal-push";
import { startBenchEnv } from "./lib/env";
import { timed } from "./lib/measure";

const scale = Number(process.env.WAYBACK_BENCH_SCALE ?? 100);
const log = (m: string) => console.log(`bench: ${m}`);

const env = await startBenchEnv(log);
try {
  const { spec, password } = env.source;
  log(`pgbench -i -s ${scale}`);
  const init = await timed(() =>
    withPgPass([{ host: "127.0.0.1", port: spec.port, user: "postgres", password }], async (e) =>
      runProcess(await env.bins.path("pgbench"), ["-h", "127.0.0.1", "-p", String(spec.port), "-U", "postgres", "-i", "-q", "-s", String(scale), "postgres"], { env: e, timeoutMs: 3_600_000 }),
    ),
  );
  log(`initialised in ${(init.ms / 1000).toFixed(1)} s`);

  // WAYBACK_BENCH_BACKUP_ONLY=1 measures the backup alone (the other parts need it anyway).
  const backup = await benchBackup(env, log);
  const rest = process.env.WAYBACK_BENCH_BACKUP_ONLY
    ? null
    : {
        walPush: await benchWalPush(env, backup.repository, log),
        restore: await benchRestore(env, backup.clusterId, log, Number(process.env.WAYBACK_BENCH_WRITE_SECONDS ?? 60)),
        drill: await benchDrill(env, backup.clusterId, log),
        dump: await benchDump(env, backup.clusterId, log),
      };
  const results = { at: new Date().toISOString(), scale, backup, ...rest };
  console.log(JSON.stringify(results, null, 2));
  console.log(
    [
      `database: ${(backup.databaseBytes / 1e9).toFixed(2)} GB`,
      `plain pg_basebackup: ${backup.plainMs} ms`,
      `Wayback copy: ${backup.waybackCopyMs} ms (${backup.copyRatio}x plain; target 1.2x)`,
      `Wayback verify: ${backup.waybackVerifyMs} ms`,
      `Wayback end to end: ${backup.waybackTotalMs} ms (${backup.totalRatio}x plain; target 2x)`,
      ...(rest
        ? [
            `wal-push: ${rest.walPush.waybackMsPerSegment} ms per segment through PostgreSQL's archiver; cp: ${rest.walPush.cpMsPerSegment} ms (${rest.walPush.ratio}x; target under 100 ms); alone, nothing waiting: ${rest.walPush.aloneMsPerSegment} ms`,
            `restore to a time after ${rest.restore.writeSeconds} s of writes: Wayback ${rest.restore.waybackMs} ms (base ${rest.restore.waybackBaseMs} ms, replay ${rest.restore.waybackReplayMs} ms), by hand ${rest.restore.handMs} ms (${rest.restore.ratio}x; target 1.1x)`,
            ...rest.dump.wayback.map((d) => `Wayback dump -Fd -j ${d.jobs}: ${d.dumpMs} ms (pg_dump ${d.pgDumpMs} ms, read back ${d.verifyMs} ms), restore -j ${d.jobs}: ${d.restoreMs} ms`),
            `plain pg_dump -Fd -j 2: ${rest.dump.plainDumpMs} ms (Wayback -j 2 ${rest.dump.dumpRatio}x), pg_restore -j 2: ${rest.dump.plainRestoreMs} ms (Wayback -j 2 ${rest.dump.restoreRatio}x)`,
            `restore drill (${rest.drill.status}): ${rest.drill.totalMs} ms = base ${rest.drill.baseMs} + replay ${rest.drill.replayMs} + checks ${rest.drill.checkMs} + other ${rest.drill.otherMs} (checks ${rest.drill.checksToRestore}x the restore; target under 1x)`,
          ]
        : []),
    ].join("\n"),
  );
  const out = path.join(import.meta.dirname, "results");
  await fs.mkdir(out, { recursive: true });
  await fs.writeFile(path.join(out, `${results.at.replaceAll(":", "-")}.json`), JSON.stringify(results, null, 2) + "\n");
} finally {
  await env.close();
}
