// Writes the stanza config Wayback owns for a cluster (lib/domain/pgbackrest-config.ts): a
// directory of the stanza's own (config, lock files, async archive spool), 0700, and the config
// file, 0600, both the server OS user's, who runs every pgBackRest command. A posix repository's
// pgBackRest area is made for that user too.
import { chown, mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { renderStanzaConfig, stanzaRepositoryPath, type StanzaConfigInput } from "@/lib/domain/pgbackrest-config";
import type { OsUser } from "@/lib/pg/os-user";
import type { Stanza } from "@/lib/pgbackrest/run-pgbackrest";

export const STANZA_CONFIG_FILE = "pgbackrest.conf";

export async function writeStanzaConfig(input: StanzaConfigInput, osUser: OsUser | undefined): Promise<Stanza> {
  const dirs = [
    input.stanzaDir,
    path.join(input.stanzaDir, "lock"),
    path.join(input.stanzaDir, "spool"),
    path.join(input.stanzaDir, "log"),
  ];
  if (input.repository.kind === "posix") dirs.push(stanzaRepositoryPath(input.repository.path, input.clusterId));
  for (const dir of dirs) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (osUser) await chown(dir, osUser.uid, osUser.gid);
  }
  if (input.repository.kind === "posix" && osUser) {
    await chown(path.join(input.repository.path.replace(/\/+$/, ""), "pgbackrest"), osUser.uid, osUser.gid);
  }
  const configPath = path.join(input.stanzaDir, STANZA_CONFIG_FILE);
  // Whole or not at all: a half-written config would point pgBackRest at the wrong repository.
  const partial = `${configPath}.partial`;
  await writeFile(partial, renderStanzaConfig(input), { mode: 0o600 });
  if (osUser) await chown(partial, osUser.uid, osUser.gid);
  await rename(partial, configPath);
  return { name: input.stanza, configPath, osUser };
}
