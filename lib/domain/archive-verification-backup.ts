/**
 * One backup's files as the repository holds them, against what the catalog recorded when the
 * backup was stored (BackupFile rows) and against the backup's own wayback.manifest.json. The
 * catalog is the reference: a stored file is compared with the catalog, the manifest entry by
 * entry with the catalog, and a file neither lists is unknown.
 */
import { z } from "zod";
import { sizeProblem, type FileDigest, type VerificationFinding } from "./archive-verification";

/** Written last into every backup's prefix by the backup job: a prefix without it is no backup. */
export const WAYBACK_MANIFEST = "wayback.manifest.json";

export type ManifestRead =
  { state: "ok"; files: ReadonlyMap<string, FileDigest> } | { state: "missing" } | { state: "invalid"; reason: string };

const manifestSchema = z.object({
  format: z.literal(1),
  backupId: z.string(),
  files: z.array(z.object({ name: z.string().min(1), size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});

/** Reads the manifest's text; anything but a well-formed manifest of `backupId` is invalid. */
export function parseWaybackManifest(text: string, backupId: string): ManifestRead {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { state: "invalid", reason: `it is not JSON (${(err as Error).message})` };
  }
  const parsed = manifestSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { state: "invalid", reason: `it is not a Wayback backup manifest (${issue?.path.join(".") || "document"}: ${issue?.message})` };
  }
  if (parsed.data.backupId !== backupId) return { state: "invalid", reason: `it belongs to backup ${parsed.data.backupId}` };
  return { state: "ok", files: new Map(parsed.data.files.map((f) => [f.name, { size: f.size, sha256: f.sha256 }])) };
}

export interface BackupFilesInput {
  backupId: string;
  /** `<cluster>/backup/<backup>/` */
  prefix: string;
  /** What the catalog recorded, by name relative to the prefix. */
  catalog: ReadonlyMap<string, FileDigest>;
  manifest: ManifestRead;
  /** Every object under the prefix as re-read now, by name relative to the prefix. */
  stored: ReadonlyMap<string, FileDigest>;
}

export function checkBackupFiles(input: BackupFilesInput): VerificationFinding[] {
  const { backupId, prefix, catalog, manifest, stored } = input;
  const findings: VerificationFinding[] = [];
  const add = (name: string, kind: VerificationFinding["kind"], message: string) =>
    findings.push({ scope: "backup", backupId, path: `${prefix}${name}`, kind, message });

  for (const [name, recorded] of catalog) {
    const found = stored.get(name);
    if (!found) {
      add(name, "missing", `missing from the repository; the catalog recorded ${recorded.size} bytes when the backup was stored`);
      continue;
    }
    const size = sizeProblem(found.size, recorded.size);
    if (size) add(name, size.kind, size.message);
    else if (found.sha256 !== recorded.sha256) {
      add(
        name,
        "checksum",
        `sha256 differs from the one recorded when the backup was stored (read ${found.sha256}, recorded ${recorded.sha256})`,
      );
    }
  }

  for (const name of stored.keys()) {
    if (name === WAYBACK_MANIFEST || catalog.has(name)) continue;
    const listed = manifest.state === "ok" && manifest.files.has(name);
    add(name, "unknown", `not part of this backup in the catalog${listed ? " (its manifest lists it)" : " or in its manifest"}`);
  }

  findings.push(...manifestFindings(input));
  return findings;
}

function manifestFindings({ backupId, prefix, catalog, manifest }: BackupFilesInput): VerificationFinding[] {
  const path = `${prefix}${WAYBACK_MANIFEST}`;
  const finding = (message: string): VerificationFinding => ({ scope: "backup", backupId, path, kind: "manifest", message });
  if (manifest.state === "missing") return [finding("missing: it is written last, so the backup is incomplete or was altered")];
  if (manifest.state === "invalid") return [finding(`cannot be used: ${manifest.reason}`)];
  const out: VerificationFinding[] = [];
  for (const [name, recorded] of catalog) {
    const listed = manifest.files.get(name);
    if (!listed) out.push(finding(`does not list ${name}, which the catalog records for this backup`));
    else if (listed.size !== recorded.size || listed.sha256 !== recorded.sha256) {
      out.push(
        finding(
          `disagrees with the catalog about ${name} (manifest: ${listed.size} bytes, sha256 ${listed.sha256}; catalog: ${recorded.size} bytes, sha256 ${recorded.sha256})`,
        ),
      );
    }
  }
  for (const name of manifest.files.keys()) {
    if (!catalog.has(name)) out.push(finding(`lists ${name}, which the catalog does not record for this backup`));
  }
  return out;
}

/**
 * Objects under `<cluster>/backup/` (`backupsPrefix`) that belong to no backup: not under a
 * complete backup's prefix (checked by checkBackupFiles) nor a running one's (being written).
 * A failed backup's files are removed when it fails, so any left over are findings too.
 */
export function strayBackupFindings(
  backupsPrefix: string,
  objects: readonly { key: string }[],
  backups: ReadonlyMap<string, { status: string; label: string }>,
): VerificationFinding[] {
  const findings: VerificationFinding[] = [];
  for (const { key } of objects) {
    const rest = key.slice(backupsPrefix.length);
    const slash = rest.indexOf("/");
    const backup = slash > 0 ? backups.get(rest.slice(0, slash)) : undefined;
    if (backup?.status === "complete" || backup?.status === "running") continue;
    const message = backup
      ? `left behind by failed backup ${backup.label}, whose files should have been removed`
      : "not part of any backup in the catalog";
    findings.push({ scope: "backup", backupId: null, path: key, kind: "unknown", message });
  }
  return findings;
}
