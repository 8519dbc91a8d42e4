import fs from "node:fs/promises";
import path from "node:path";
import { destroyInstance, isRunning, startInstance, stopInstance, type InstanceSpec } from "@/lib/pg/instance";
import { UserFacingError } from "@/lib/restores/user-facing-error";

/**
 * Where a restore goes, and how to undo it when it fails.
 * - new instance: an empty directory; a failure removes the half-made copy.
 * - in place: the cluster is stopped and its data directory moved aside (kept, never deleted
 *   here); a failure removes the half-restored directory, moves the original back and starts it,
 *   so production is left as it was.
 */
export interface Destination {
  /** Returns where the original data went, for in place. */
  prepare(): Promise<{ oldDataDir: string | null }>;
  /** A copy beside production must not archive into its archive; in place keeps archiving. */
  archiveOff: boolean;
  /** After the backup is unpacked: configuration to carry over from the original (in place). */
  carryOver(): Promise<void>;
  undo(): Promise<void>;
}

export function destinationFor(kind: "new_instance" | "in_place", spec: InstanceSpec, now = new Date()): Destination {
  return kind === "in_place" ? inPlace(spec, now) : newInstance(spec);
}

function newInstance(spec: InstanceSpec): Destination {
  // Only what this restore made is removed: never a directory that was refused as not empty.
  let ours = false;
  return {
    archiveOff: true,
    async prepare() {
      const leftovers = await fs.readdir(spec.dataDir).catch(() => []);
      if (leftovers.length > 0) throw new UserFacingError(`${spec.dataDir} is not empty: choose an empty or new directory.`);
      // The port is not checked here: whoever holds it now may be gone when the server starts,
      // and anyone may take it meanwhile; the start moves to a free one (startInstanceWithPortFallback).
      // The server user must be able to walk down to the data directory, and own it from the
      // start: pg_ctl (as that user) then tells "not running" of a half-unpacked copy.
      await fs.mkdir(path.dirname(path.resolve(spec.dataDir)), { recursive: true, mode: 0o755 });
      await fs.mkdir(spec.dataDir, { mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== "EEXIST") throw err;
      });
      ours = true;
      if (spec.osUser) await fs.chown(spec.dataDir, spec.osUser.uid, spec.osUser.gid);
      return { oldDataDir: null };
    },
    async carryOver() {},
    async undo() {
      if (ours) await destroyInstance(spec);
    },
  };
}

function inPlace(spec: InstanceSpec, now: Date): Destination {
  const dataDir = path.resolve(spec.dataDir);
  const aside = `${dataDir}.before-restore-${now.toISOString().replace(/[-:]/g, "").replace(/\..*$/, "")}`;
  let moved = false;
  return {
    archiveOff: false,
    async prepare() {
      await fs.access(path.join(dataDir, "PG_VERSION")).catch(() => {
        throw new UserFacingError(
          `${dataDir} is not a PostgreSQL data directory on the worker's host: check the cluster's data directory setting.`,
        );
      });
      await stopInstance(spec, "fast");
      await fs.rename(dataDir, aside);
      moved = true;
      return { oldDataDir: aside };
    },
    async carryOver() {
      // Production's access rules at the moment of the restore, not the backup's.
      await fs.copyFile(path.join(aside, "pg_hba.conf"), path.join(dataDir, "pg_hba.conf")).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== "ENOENT") throw err;
      });
    },
    async undo() {
      if (await isRunning(spec)) await stopInstance(spec, "immediate");
      if (!moved) return;
      await fs.rm(dataDir, { recursive: true, force: true });
      await fs.rename(aside, dataDir);
      await startInstance(spec);
    },
  };
}
