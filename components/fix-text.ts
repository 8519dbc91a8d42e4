/**
 * Splits a readiness fix ("Run as a superuser: ALTER ROLE "app" REPLICATION;") into the prose that
 * introduces it and the command or SQL to copy, so the command can be shown in a monospace block.
 * Fixes are plain text from lib/domain/readiness; backticks, if any ever appear, are dropped.
 */
export interface FixParts {
  /** Prose before the command ("Run as a superuser:"), or null. */
  lead: string | null;
  /** The command, SQL or configuration line; null when the fix is prose only. */
  code: string | null;
  /** Prose after the command (", then reload PostgreSQL."), or null; prose-only fixes land here. */
  after: string | null;
}

const CODE_START = /^(?:ALTER|CREATE|GRANT|SELECT|SET|apt-get|apt|dnf|yum|sudo|systemctl|pg_[a-z]+|psql|initdb)\b/;
const TECHNICAL = /=|;|\bpg_[a-z_]+|\bALTER\b|\bapt-get\b|\s--[a-z]/;

export function splitFix(fix: string): FixParts {
  const text = fix.replaceAll("`", "").trim();
  const colon = text.indexOf(": ");
  if (colon > 0) {
    const lead = text.slice(0, colon + 1);
    const rest = text.slice(colon + 2).trim();
    const quoted = /^"([^"]+)"(.*)$/.exec(rest);
    if (quoted?.[1]) {
      const after = (quoted[2] ?? "").replace(/^[,;]?\s*/, "").trim();
      return { lead, code: quoted[1], after: after ? capitalize(after) : null };
    }
    if (CODE_START.test(rest)) return { lead, code: rest, after: null };
  }
  if (TECHNICAL.test(text)) return { lead: null, code: text, after: null };
  return { lead: null, code: null, after: text };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
