// The one place a child process's environment is built. Children never inherit ours: the worker's
// environment holds DATABASE_URL, REDIS_URL and the secret key, and a server it starts (pg_ctl
// hands its environment to postgres) would show them to any superuser of a restored copy through
// pg_read_file('/proc/self/environ'). So a child gets the locale, time zone, PATH and temporary
// directory it needs to behave as expected, plus what its caller passes (PGPASSFILE, PGSSLMODE,
// PGAPPNAME...), and nothing else: not even an operator's own PG* variables, which would
// silently redirect a tool to another server or user.

const PASSED = ["PATH", "LANG", "LANGUAGE", "TZ", "TMPDIR"];
const PASSED_PREFIXES = ["LC_"];

/** The allowlisted part of `inherited`, with `extra` over it (a key set to undefined is removed). */
export function childEnv(inherited: Record<string, string | undefined>, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  // Next's types make NODE_ENV a required key of ProcessEnv; a child's environment may lack it.
  const env = {} as NodeJS.ProcessEnv;
  for (const [key, value] of Object.entries(inherited)) {
    if (value !== undefined && (PASSED.includes(key) || PASSED_PREFIXES.some((p) => key.startsWith(p)))) env[key] = value;
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}
