/** The lines PostgreSQL runs to reach Wayback's archive: shown to users, written into restores. */
export interface CliInvocation {
  command: string;
  configFile?: string;
}

const configArg = (cli: CliInvocation) => (cli.configFile ? ` --config ${cli.configFile}` : "");

export const archiveCommandFor = (cli: CliInvocation, clusterId: string) => `${cli.command} wal-push --cluster ${clusterId}${configArg(cli)} %p`;

export const restoreCommandFor = (cli: CliInvocation, clusterId: string) => `${cli.command} wal-fetch --cluster ${clusterId}${configArg(cli)} %f %p`;
