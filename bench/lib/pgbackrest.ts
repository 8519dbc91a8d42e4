// pgBackRest, the tool users would pick instead of Wayback, set up for the bench's source cluster
// the way its user guide sets it up: a stanza in a config file, a repository on local disk,
// archive_command = archive-push, everything run as the server's OS user.
import fs from "node:fs/promises";
import path from "node:path";
import { instanceSocketDir, setSettings } from "@/lib/pg/instance";
import { ProcessError, runProcess } from "@/lib/pg/run-process";
import type { BenchEnv } from "./env";

const STANZA = "bench";
const PROGRAM = "pgbackrest";
const TIMEOUT_MS = 3_600_000;

export interface PgBackRest {
  backupFull(): Promise<void>;
  /** Restores into `dataDir` (empty, owned by the server user) set to recover to `time` and promote. */
  restoreToTime(dataDir: string, time: string): Promise<void>;
}

/**
 * Options as a user tuning for speed would set them: zstd (compress-level left at its default,
 * 3) with two processes, as many as the machine has cores; start-fast for an immediate
 * checkpoint, as Wayback's and plain pg_basebackup's fast checkpoint. archive-check stays on
 * (its default): waiting for the backup's WAL to be archived is part of a consistent pgBackRest
 * backup. Every backup is kept: expiry is not what is measured.
 */
function configFile(dir: string, source: BenchEnv["source"]): string {
  return [
    "[global]",
    `repo1-path=${path.join(dir, "repo")}`,
    "repo1-retention-full=9999",
    `log-path=${path.join(dir, "log")}`,
    `lock-path=${path.join(dir, "lock")}`,
    "compress-type=zst",
    "process-max=2",
    "start-fast=y",
    "",
    `[${STANZA}]`,
    `pg1-path=${source.spec.dataDir}`,
    `pg1-port=${source.spec.port}`,
    `pg1-socket-path=${instanceSocketDir(source.spec)}`,
    "pg1-user=postgres",
    "",
  ].join("\n");
}

/** Writes the stanza's config, creates the stanza and points the source's archive_command at it. */
export async function setUpPgBackRest(env: BenchEnv): Promise<PgBackRest> {
  const dir = path.join(env.dir, "pgbackrest");
  await fs.mkdir(dir, { mode: 0o700 });
  if (env.osUser) await fs.chown(dir, env.osUser.uid, env.osUser.gid);
  const config = path.join(dir, "pgbackrest.conf");
  // archive_command is a shell line: keep the path in it free of anything the shell reads.
  if (!/^[A-Za-z0-9_./-]+$/.test(config))
    throw new Error(`The bench directory ${dir} has characters a shell would interpret; set TMPDIR to a plain path.`);
  await fs.writeFile(config, configFile(dir, env.source), { mode: 0o644 });
  const common = [`--config=${config}`, `--stanza=${STANZA}`];
  const run = async (args: string[]) => {
    await runProcess(PROGRAM, [...common, ...args], { asUser: env.osUser, cwd: "/", timeoutMs: TIMEOUT_MS });
  };

  await run(["stanza-create"]).catch((err: unknown) => {
    if (err instanceof ProcessError && (err.cause as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
      throw new Error(
        `pgBackRest is not installed: \`npm run bench\` installs it (scripts/bootstrap.sh --bench runs apt-get install pgbackrest). ${err.message}`,
        { cause: err },
      );
    }
    throw err;
  });
  await setSettings(env.source.spec, { archive_command: [PROGRAM, ...common, "archive-push", "%p"].join(" ") });

  return {
    backupFull: () => run(["backup", "--type=full"]),
    restoreToTime: (dataDir, time) =>
      run(["restore", "--type=time", `--target=${time}`, "--target-action=promote", "--archive-mode=off", `--pg1-path=${dataDir}`]),
  };
}
