import type { ConfigDocument } from "./config-document";

/** In the order a plan applies them: what a cluster or channel names must exist first. */
export const SECTIONS = ["repositories", "policies", "clusters", "channels"] as const;
export type Section = (typeof SECTIONS)[number];

const SINGULAR: Record<Section, string> = { repositories: "repository", policies: "policy", clusters: "cluster", channels: "channel" };

/** Secret references are not compared: the catalog keeps secrets encrypted and cannot say whether they match. */
const SECRET_FIELDS = new Set(["password", "secretAccessKey", "passphrase", "secret"]);

/** Where the data lies, and what a channel is: changing these means a new entry, not an update. */
const FIXED: Partial<Record<Section, readonly string[]>> = {
  repositories: ["kind", "path", "bucket", "prefix", "encrypt"],
  channels: ["kind"],
};

type Entry = Record<string, unknown> & { name: string };

export type Change =
  | { action: "create"; section: Section; name: string; entry: Entry }
  | { action: "update"; section: Section; name: string; fields: Record<string, { from: unknown; to: unknown }> }
  | { action: "delete"; section: Section; name: string };

export interface ConfigPlan {
  changes: Change[];
  /** Why the document cannot be applied as it is; a plan with refusals applies nothing. */
  refusals: string[];
}

/** What the planner needs to know beyond the exported document. */
export interface CurrentState {
  document: ConfigDocument;
  /** Backups per cluster name: apply never deletes a cluster that has backups. */
  backupCounts: Record<string, number>;
}

/**
 * The changes that make the catalog say what `desired` says. An entry is matched by name; a field
 * the document leaves out keeps its current value. Nothing is deleted unless `prune` is set, and
 * then never a cluster with backups (nor a repository or policy still in use: the verbs refuse).
 */
export function planConfiguration(current: CurrentState, desired: ConfigDocument, opts: { prune: boolean }): ConfigPlan {
  const changes: Change[] = [];
  const refusals: string[] = [];
  for (const section of SECTIONS) {
    const have = new Map((current.document[section] as Entry[]).map((e) => [e.name, e]));
    const seen = new Set<string>();
    for (const entry of desired[section] as Entry[]) {
      if (seen.has(entry.name)) refusals.push(`${SINGULAR[section]} "${entry.name}" appears twice in the document.`);
      seen.add(entry.name);
      const now = have.get(entry.name);
      if (!now) {
        changes.push({ action: "create", section, name: entry.name, entry });
        continue;
      }
      const fields = changedFields(now, entry);
      for (const f of Object.keys(fields)) {
        if (FIXED[section]?.includes(f))
          refusals.push(
            `${SINGULAR[section]} "${entry.name}": ${f} cannot change (${show(fields[f]!.from)} → ${show(fields[f]!.to)}); add a new one instead.`,
          );
        else if (!(f in now)) refusals.push(`${SINGULAR[section]} "${entry.name}": ${f} is not a setting of ${section}.`);
      }
      if (Object.keys(fields).length > 0) changes.push({ action: "update", section, name: entry.name, fields });
    }
    if (!opts.prune) continue;
    for (const name of have.keys()) {
      if (seen.has(name)) continue;
      if (section === "clusters" && (current.backupCounts[name] ?? 0) > 0)
        refusals.push(`cluster "${name}" has ${current.backupCounts[name]} backup(s): apply never deletes it; remove it in the dashboard.`);
      else changes.push({ action: "delete", section, name });
    }
  }
  // Deletions run last and in reverse order: channels and clusters before what they name.
  const deletes = changes.filter((c) => c.action === "delete").reverse();
  return { changes: [...changes.filter((c) => c.action !== "delete"), ...deletes], refusals };
}

function changedFields(now: Entry, want: Entry): Record<string, { from: unknown; to: unknown }> {
  const fields: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, to] of Object.entries(want)) {
    if (k === "name" || SECRET_FIELDS.has(k) || to === undefined) continue;
    const from = now[k];
    if (!same(from, to)) fields[k] = { from, to };
  }
  return fields;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

const show = (v: unknown): string => (v === undefined ? "(unset)" : JSON.stringify(v));

/** The plan as people read it: "+ create", "~ update field: old → new", "- delete", "no changes". */
export function describePlan(plan: ConfigPlan): string {
  const lines = plan.changes.map((c) => {
    const what = `${SINGULAR[c.section]} "${c.name}"`;
    if (c.action === "create") return `+ ${what}`;
    if (c.action === "delete") return `- ${what}`;
    return [`~ ${what}`, ...Object.entries(c.fields).map(([f, d]) => `    ${f}: ${show(d.from)} → ${show(d.to)}`)].join("\n");
  });
  const refused = plan.refusals.map((r) => `! ${r}`);
  if (lines.length === 0 && refused.length === 0) return "no changes";
  return [...refused, ...lines].join("\n");
}
