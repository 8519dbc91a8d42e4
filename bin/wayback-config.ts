/**
 * `wayback-config`: the installation's configuration as code (docs/decisions/0021), over the HTTP API.
 *
 *   wayback-config export [<file>]                       the configuration as YAML (stdout without a file)
 *   wayback-config apply [--dry-run] [--prune] <file>    show the changes, then make them (not with --dry-run)
 *
 * WAYBACK_URL is the dashboard's address; the admin API token comes from WAYBACK_TOKEN, or from the
 * file WAYBACK_TOKEN_FILE names (which only its owner may read: chmod 0600). Secrets in the document
 * are references, `{ env: NAME }` or `{ file: /path }`, resolved HERE, on the operator's machine, and
 * sent in the request body (over HTTPS) only: never in the document, the command line, or a log.
 * A reference that cannot be resolved is not sent; the server names it if a change needs it.
 *
 * Run with `node --import tsx bin/wayback-config.ts …` from the checkout. Kept apart from
 * bin/wayback.ts, the database host's archive_command, whose start-up time matters.
 * Exit status: 0 done (or no changes), 1 refused or failed, with the reason on stderr.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { parse } from "yaml";

const USAGE = "usage: wayback config export [<file>] | wayback config apply [--dry-run] [--prune] <file>";

class CliError extends Error {}

function settings(env: NodeJS.ProcessEnv): { url: string; token: string } {
  const url = env.WAYBACK_URL?.replace(/\/+$/, "");
  if (!url) throw new CliError("Set WAYBACK_URL to the dashboard's address, e.g. https://wayback.example.com.");
  let token = env.WAYBACK_TOKEN;
  if (!token && env.WAYBACK_TOKEN_FILE) {
    if ((statSync(env.WAYBACK_TOKEN_FILE).mode & 0o077) !== 0)
      throw new CliError(`${env.WAYBACK_TOKEN_FILE} can be read by others: chmod 0600 it.`);
    token = readFileSync(env.WAYBACK_TOKEN_FILE, "utf8").trim();
  }
  if (!token) throw new CliError("Set WAYBACK_TOKEN, or WAYBACK_TOKEN_FILE to a 0600 file holding an admin API token.");
  return { url, token };
}

/** Every `{ env }` / `{ file }` reference in the document that can be resolved here, keyed as the server expects. */
export function resolveSecrets(value: unknown, env: NodeJS.ProcessEnv, found: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(value)) value.forEach((v) => resolveSecrets(v, env, found));
  else if (typeof value === "object" && value !== null) {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && typeof o.env === "string" && env[o.env] !== undefined) found[`env:${o.env}`] = env[o.env]!;
    else if (keys.length === 1 && typeof o.file === "string") {
      try {
        found[`file:${o.file}`] = readFileSync(o.file, "utf8").replace(/\r?\n$/, "");
      } catch {
        // Not readable here: the server says so if a change needs it.
      }
    } else Object.values(o).forEach((v) => resolveSecrets(v, env, found));
  }
  return found;
}

async function call(s: { url: string; token: string }, path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(`${s.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${s.token}`, "content-type": "application/json", ...init.headers },
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new CliError(body?.error?.message ?? `${init.method ?? "GET"} ${path}: HTTP ${res.status}`);
  }
  return res;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv, out: (text: string) => void): Promise<void> {
  const [command, ...rest] = argv;
  const flags = new Set(rest.filter((a) => a.startsWith("--")));
  const files = rest.filter((a) => !a.startsWith("--"));
  const unknown = [...flags].filter((f) => f !== "--dry-run" && f !== "--prune");
  if (unknown.length > 0 || files.length > 1) throw new CliError(USAGE);
  if (command === "export") {
    if (flags.size > 0) throw new CliError(USAGE);
    const yaml = await (await call(settings(env), "/api/v1/configuration", { headers: { accept: "application/yaml" } })).text();
    if (files[0]) writeFileSync(files[0], yaml, { mode: 0o600 });
    else out(yaml);
    return;
  }
  if (command !== "apply" || !files[0]) throw new CliError(USAGE);
  const s = settings(env);
  const text = readFileSync(files[0], "utf8");
  const body = JSON.stringify({ document: text, secrets: resolveSecrets(parse(text), env), prune: flags.has("--prune") });
  // The plan first, always: what will change is shown before anything does.
  const plan = (await (await call(s, "/api/v1/configuration/plan", { method: "POST", body })).json()) as {
    diff: string;
    changes: unknown[];
  };
  out(`${plan.diff}\n`);
  if (flags.has("--dry-run") || plan.changes.length === 0) return;
  const applied = (await (await call(s, "/api/v1/configuration/apply", { method: "POST", body })).json()) as { changes: unknown[] };
  out(`applied ${applied.changes.length} change(s)\n`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  main(process.argv.slice(2), process.env, (t) => process.stdout.write(t)).catch((err: unknown) => {
    process.stderr.write(`wayback-config: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
