/** The lines PostgreSQL runs to reach Wayback's archive: shown to users, written into restores. */
export interface CliInvocation {
  command: string;
  configFile?: string;
}

/**
 * PostgreSQL runs these lines through /bin/sh after replacing %-escapes: paths are shell-quoted
 * unless plainly safe, and a literal % is doubled.
 */
export function shellWord(text: string): string {
  const quoted = /^[A-Za-z0-9_./:=@+-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
  return quoted.replaceAll("%", "%%");
}

const option = (flag: string, value: string | undefined) => (value ? ` ${flag} ${shellWord(value)}` : "");

export const archiveCommandFor = (cli: CliInvocation, clusterId: string) =>
  `${cli.command} wal-push --cluster ${clusterId}${option("--config", cli.configFile)} %p`;

/**
 * With `prefetchDir`, segments the restore job fetched ahead are taken from there first (with
 * `served`, every file comes from there: the job serves what is asked for); with `repositoryId`,
 * files come from that copy repository of the cluster instead of its primary.
 */
export const restoreCommandFor = (
  cli: CliInvocation,
  clusterId: string,
  from: { prefetchDir?: string; served?: boolean; repositoryId?: string } = {},
) =>
  `${cli.command} wal-fetch --cluster ${clusterId}${option("--config", cli.configFile)}${option("--repository", from.repositoryId)}` +
  `${option("--prefetch-dir", from.prefetchDir)}${from.served ? " --served" : ""} %f %p`;
