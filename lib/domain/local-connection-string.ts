/** How to reach an instance Wayback made on the worker's host; the password is never in it. */
export function localConnectionString(user: string, port: number, database: string): string {
  return `postgresql://${encodeURIComponent(user)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}
