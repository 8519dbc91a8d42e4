// initdb, pg_ctl and postgres refuse to run as root. When we are root, server processes run as a
// dedicated OS user; otherwise they run as whoever we are.
import { readFile } from "node:fs/promises";
import { runProcess } from "@/lib/pg/run-process";

export interface OsUser {
  uid: number;
  gid: number;
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** How to make or choose another such user, for the error messages (defaults: the servers' user). */
export interface OsUserHint {
  variable: string;
  home: string;
  defaultName: string;
}

/** The uid/gid server processes must run as, or undefined to run them as the current user. */
export async function resolveServerUser(
  name: string,
  hint: OsUserHint = { variable: "WAYBACK_PG_OS_USER", home: "/var/lib/postgresql", defaultName: "postgres" },
): Promise<OsUser | undefined> {
  if (!isRoot()) return undefined;
  const user = await lookupUser(name);
  if (!user) {
    throw new Error(
      `PostgreSQL server programs refuse to run as root, and the OS user "${name}" that should run them does not exist. ` +
        `Create it with: useradd --system --home ${hint.home} ${name} — or set ${hint.variable} to an existing non-root user.`,
    );
  }
  if (user.uid === 0) {
    throw new Error(
      `The OS user "${name}" has uid 0, and PostgreSQL server programs refuse to run as root. ` +
        `Set ${hint.variable} to a non-root user (for example: useradd --system --home ${hint.home} ${hint.defaultName}).`,
    );
  }
  return user;
}

async function lookupUser(name: string): Promise<OsUser | undefined> {
  // getent also sees users from NSS (LDAP, sssd); /etc/passwd is the fallback without it.
  let line: string | undefined;
  try {
    line = (await runProcess("getent", ["passwd", name], { timeoutMs: 10_000 })).stdout.split("\n")[0];
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 2) return undefined; // getent: key not found
    line = (await readFile("/etc/passwd", "utf8")).split("\n").find((l) => l.split(":")[0] === name);
  }
  const [, , uid, gid] = (line ?? "").split(":");
  if (uid === undefined || gid === undefined || !/^\d+$/.test(uid) || !/^\d+$/.test(gid)) return undefined;
  return { uid: Number(uid), gid: Number(gid) };
}

/** Whether a process exists (signal 0); EPERM means it does, but belongs to someone else. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
