/** The lines PostgreSQL runs to reach Wayback's archive: shown to users, written into restores. */
export interface CliInvocation {
  command: string;
  configFile?: string;
}

/**
 * PostgreSQL runs these lines through /bin/sh after replacing %-escapes: paths are shell-quoted
 * unless plainly safe, and a literal % is doubled.
 */
function shellWord(text: string): string {
  const quoted = /^[A-Za-z0-9_./:=@+-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
  return quoted.replaceAll("%", "%%");
}

const option = (flag: string, value: string | undefined) => (value ? ` ${flag} ${shellWord(value)}` : "");

export const archiveCommandFor = (cli: CliInvocation, clusterId: string) =>
  `${cli.command} wal-push --cluster ${clusterId}${option("--config", cli.configFile)} %p`;

/** With `prefetchDir`, segments the restore job fetched ahead are taken from there first. */
export const restoreCommandFor = (cli: CliInvocation, clusterId: string, prefetchDir?: string) =>
  `${cli.command} wal-fetch --cluster ${clusterId}${option("--config", cli.configFile)}${option("--prefetch-dir", prefetchDir)} %f %p`;
