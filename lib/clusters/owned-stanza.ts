// The stanza config Wayback writes and owns for a pgBackRest cluster it did not import (decision
// 0029), from the cluster's settings, before its first set: the data directory on this host, the
// server's own socket directory (asked of the server), the server OS user (peer login over the
// socket, as pgBackRest runs as that user), and the cluster's posix repository.
import { chmod, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { connectionTarget } from "@/lib/clusters/connection-target";
import type { Db } from "@/lib/db/client";
import { ownedStanzaDir } from "@/lib/engines/cluster-engine";
import { AppError } from "@/lib/errors/app-error";
import { withClient } from "@/lib/pg/with-connection";
import { resolveServerUser } from "@/lib/pg/os-user";
import { writeStanzaConfig } from "@/lib/pgbackrest/write-stanza-config";

// Parallel compression and transfer, as pgBackRest's guide suggests for a small host.
const PROCESS_MAX = 2;

export async function writeOwnedStanza(
  db: Db,
  clusterId: string,
  config: { spoolDir: string; secretKey: Buffer; pg: { osUser: string } },
): Promise<void> {
  const c = await db.cluster.findUniqueOrThrow({ where: { id: clusterId }, include: { repository: true } });
  // An imported stanza's config is its owner's: never written.
  if (c.pgbackrestConfigPath !== null || !c.pgbackrestStanza) return;
  if (!c.localDataDir) {
    throw new AppError(
      "not_ready",
      "pgBackRest runs where the data directory is: give the cluster's data directory on this worker's host.",
    );
  }
  if (c.repository?.kind !== "posix" || !c.repository.path) {
    throw new AppError(
      "not_ready",
      "Wayback writes pgBackRest stanzas for posix repositories only so far: choose a posix repository, or import a stanza configured by hand.",
    );
  }
  const socketDir = await withClient(await connectionTarget(db, clusterId, config.secretKey), async (client) => {
    const { rows } = await client.query<{ dirs: string }>("SELECT current_setting('unix_socket_directories') AS dirs");
    return rows[0]!.dirs.split(",")[0]!.trim();
  });
  if (!socketDir.startsWith("/")) throw new AppError("not_ready", "pgBackRest connects over a Unix socket: the server listens on none.");
  const stanzaDir = ownedStanzaDir(config.spoolDir, clusterId);
  // The server OS user walks down to its stanza directory (which writeStanzaConfig makes 0700, its
  // own) through the spool directory, which the WAL receivers may have made 0700 first: it gets
  // traverse rights only (the receivers' own spools inside stay 0700).
  await mkdir(path.dirname(stanzaDir), { recursive: true, mode: 0o755 });
  await chmod(config.spoolDir, ((await stat(config.spoolDir)).mode & 0o7777) | 0o011);
  await writeStanzaConfig(
    {
      stanza: c.pgbackrestStanza,
      pgDataDir: c.localDataDir,
      pgPort: c.port,
      pgSocketDir: socketDir,
      pgUser: config.pg.osUser,
      clusterId,
      repository: { kind: "posix", path: c.repository.path },
      stanzaDir,
      processMax: PROCESS_MAX,
    },
    await resolveServerUser(config.pg.osUser),
  );
}
