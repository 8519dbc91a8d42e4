/**
 * Reading pgBackRest's console lines (log level detail) as they come: how far a backup or restore
 * is, and the label of the set a backup made.
 *
 *   P01 DETAIL: backup file /srv/pg/base/5/16396 (12.8MB, 85.12%) checksum 6ce6…
 *   P01 DETAIL: restore file /srv/copy/base/5/16396 (12.8MB, 85.12%) checksum 6ce6…
 *   P00   INFO: new backup label = 20261202-161728F_20261202-162851I
 */
const FILE_LINE = /(?:DETAIL|INFO): (?:backup|restore) file \S.* \([^,()]+, (\d{1,3}(?:\.\d+)?)%\)/;
const LABEL_LINE = /INFO: new backup label = (\S+)\s*$/;

/** The share of the work done (0–100) a file line reports, or null for any other line. */
export function pgBackRestPercent(line: string): number | null {
  const match = FILE_LINE.exec(line);
  return match ? Math.min(100, Number(match[1])) : null;
}

export function newBackupLabel(line: string): string | null {
  return LABEL_LINE.exec(line)?.[1] ?? null;
}
