/** `server_version_num` (150018, 90624) → major (15, 9.6 counts as 9). */
export function majorFromVersionNum(versionNum: number): number {
  if (!Number.isInteger(versionNum) || versionNum < 90000) {
    throw new Error(`Not a PostgreSQL server_version_num: ${versionNum}`);
  }
  return Math.floor(versionNum / 10000);
}

/**
 * The client tools to use against a server: the newest installed major not older than the
 * server's (pg_dump and pg_basebackup refuse newer servers, and read older ones).
 */
export function pickClientMajor(installed: readonly number[], serverMajor: number): number | null {
  const usable = installed.filter((m) => m >= serverMajor);
  return usable.length ? Math.max(...usable) : null;
}
