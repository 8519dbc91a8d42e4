import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import type { Dump } from "@/lib/db/generated/client";
import { dumpFileName } from "@/lib/domain/dump-args";
import { PROGRESS_EVERY_MS } from "@/lib/domain/progress";
import { progressThrottle } from "@/lib/domain/progress-throttle";
import { readDumpOptions } from "@/lib/domain/dump-input";
import type { PgBinaries } from "@/lib/pg/binaries";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { pgDumpToDirectory, streamGlobals, streamPgDump, type PgDumpOptions } from "@/lib/pg/dump";
import type { Repository, StoredObject } from "@/lib/storage/repository";

export interface DumpProgress {
  bytes: number;
  tables: number;
}

/** The staging purpose of a directory-format dump (see writeDump), for sweeping leftovers. */
export const dumpStaging = (dumpId: string) => `dump-${dumpId}`;

/**
 * Writes the dump's files under `prefix`: globals.sql (pg_dumpall --globals-only) when asked, then
 * the database. Custom and plain archives stream from pg_dump's stdout into the repository
 * (checksummed on the way, never held in memory). A directory archive is the one pg_dump writes
 * itself, with parallel jobs: it goes to a staging directory inside the repository (same file
 * system, so storing it is a rename per file) and its size there is the progress.
 */
export async function writeDump(opts: {
  repo: Repository;
  prefix: string;
  dump: Pick<Dump, "id" | "database" | "format" | "jobs" | "compressLevel" | "globals" | "options">;
  bins: PgBinaries;
  serverMajor: number;
  superuser: boolean;
  target: ConnectionTarget;
  signal?: AbortSignal;
  onProgress: (p: DumpProgress) => Promise<void>;
}): Promise<StoredObject[]> {
  const { repo, prefix, dump, signal } = opts;
  const tool = { bins: opts.bins, serverMajor: opts.serverMajor, target: opts.target, signal };
  const done: DumpProgress = { bytes: 0, tables: 0 };
  const throttle = progressThrottle<DumpProgress>({ write: opts.onProgress, now: Date.now });
  const tick = () => throttle.report({ ...done });
  const counted = (stdout: Readable) =>
    Readable.from(
      (async function* () {
        for await (const chunk of stdout as AsyncIterable<Buffer>) {
          done.bytes += chunk.length;
          tick();
          yield chunk;
        }
      })(),
    );

  const files: StoredObject[] = [];
  if (dump.globals) {
    files.push(
      await streamGlobals({ ...tool, superuser: opts.superuser }, (out) => repo.put(`${prefix}globals.sql`, counted(out), { signal })),
    );
  }
  const pgDump: PgDumpOptions = {
    ...tool,
    database: dump.database,
    choice: { format: dump.format, jobs: dump.jobs, compressLevel: dump.compressLevel, selection: readDumpOptions(dump) },
    onTableDumped: () => {
      done.tables += 1;
      tick();
    },
  };
  const name = dumpFileName(dump.format);
  if (dump.format === "directory") {
    const staging = await repo.stagingDir(dumpStaging(dump.id));
    const base = done.bytes;
    const poll = setInterval(() => {
      void dirSize(staging.path).then((n) => {
        done.bytes = base + n;
        tick();
      });
    }, PROGRESS_EVERY_MS);
    try {
      await pgDumpToDirectory({ ...pgDump, dir: staging.path });
      files.push(...(await staging.commit(`${prefix}${name}/`)));
    } finally {
      clearInterval(poll);
      await staging.discard();
    }
    done.bytes = base + files.filter((f) => f.key.startsWith(`${prefix}${name}/`)).reduce((n, f) => n + f.size, 0);
  } else {
    files.push(await streamPgDump(pgDump, (out) => repo.put(`${prefix}${name}`, counted(out), { signal })));
  }
  await throttle.flush({ ...done });
  return files.map(({ key, size, sha256 }) => ({ key, size, sha256 }));
}

async function dirSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (entry.isFile())
      total += await fs.stat(path.join(entry.parentPath, entry.name)).then(
        (s) => s.size,
        () => 0,
      );
  }
  return total;
}
