import type { PreparedDump } from "@/lib/dumps/prepare-dump";
import type { DumpSource } from "@/lib/pg/dump-source";
import type { StoredObject } from "@/lib/storage/repository";

/**
 * Phase 4 of a dump: Wayback's manifest (every file's size and SHA-256) beside the dump's files.
 * Written last: a dump prefix without its manifest is not a dump.
 */
export async function writeDumpManifest(opts: {
  prepared: PreparedDump;
  source: DumpSource;
  files: StoredObject[];
  signal: AbortSignal;
}): Promise<void> {
  const { row, repo, prefix } = opts.prepared;
  const manifest = {
    format: 1,
    dumpId: row.id,
    clusterId: row.clusterId,
    database: row.database,
    archiveFormat: row.format,
    pgVersion: opts.source.serverVersion,
    files: opts.files.map((f) => ({ name: f.key.slice(prefix.length), size: f.size, sha256: f.sha256 })),
  };
  await repo.put(`${prefix}wayback.manifest.json`, Buffer.from(JSON.stringify(manifest, null, 2)), { signal: opts.signal });
}
