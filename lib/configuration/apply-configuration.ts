import type { Queue } from "bullmq";
import type { z } from "zod";
import type { Db } from "@/lib/db/client";
import { createChannel, deleteChannel, updateChannel } from "@/lib/notify/channels";
import { createCluster } from "@/lib/clusters/create-cluster";
import { deleteCluster } from "@/lib/clusters/delete-cluster";
import { updateCluster } from "@/lib/clusters/update-cluster";
import { readCurrentState } from "@/lib/configuration/export-configuration";
import { clusterCreateInput, clusterUpdateInput } from "@/lib/domain/cluster-input";
import { readConfigDocument, secretKeyOf, secretRef, type ConfigDocument, type SecretRef } from "@/lib/domain/config-document";
import { describePlan, planConfiguration, type Change, type Section } from "@/lib/domain/config-plan";
import { channelCreateInput, channelUpdateInput, SECRET_FIELD, type ChannelKind } from "@/lib/domain/notification-input";
import { policyInput } from "@/lib/domain/policy-input";
import { repositoryInput, repositoryUpdateInput } from "@/lib/domain/repository-input";
import { AppError } from "@/lib/errors/app-error";
import { assignPolicy } from "@/lib/policies/assign-policy";
import { deletePolicy } from "@/lib/policies/delete-policy";
import { savePolicy } from "@/lib/policies/save-policy";
import { createRepository } from "@/lib/repositories/create-repository";
import { deleteRepository } from "@/lib/repositories/delete-repository";
import { updateRepository } from "@/lib/repositories/update-repository";

export interface ApplyOptions {
  /** The parsed YAML or JSON document. */
  document: unknown;
  /** Resolved secret references, keyed "env:NAME" / "file:/path" (secretKeyOf); sent by the CLI. */
  secrets: Record<string, string>;
  prune: boolean;
  dryRun: boolean;
  allowedRoots: string[];
  secretKey: Buffer;
}

export interface ApplyResult {
  changes: Change[];
  /** describePlan's text: "no changes", or one line per change. */
  diff: string;
  applied: boolean;
}

/**
 * Applies a configuration document through the same verbs as the API (their validation, their
 * encryption of secrets). Everything is checked first, each change's input parsed by the verb's own
 * schema and every needed secret resolved, so a bad document changes nothing. The changes then run
 * one verb at a time in dependency order; a verb refusing then (e.g. a name taken meanwhile) stops
 * the run, the changes before it stay, and re-applying the document finishes the rest.
 */
export async function applyConfiguration(db: Db, queue: Queue, opts: ApplyOptions): Promise<ApplyResult> {
  const read = readConfigDocument(opts.document);
  if (!read.ok) throw new AppError("validation_failed", `The document cannot be applied:\n${read.errors.join("\n")}`);
  const current = await readCurrentState(db);
  const plan = planConfiguration(current, read.document, { prune: opts.prune });
  const diff = describePlan(plan);
  if (plan.refusals.length > 0) throw new AppError("validation_failed", `The document cannot be applied:\n${plan.refusals.join("\n")}`);
  const steps = plan.changes.map((c) => prepare(c, opts, current.document));
  const errors = steps.flatMap((s) => s.errors);
  if (errors.length > 0) throw new AppError("validation_failed", `The document cannot be applied:\n${errors.join("\n")}`);
  if (opts.dryRun || steps.length === 0) return { changes: plan.changes, diff, applied: false };
  for (const step of steps) await step.run(db, queue, opts);
  return { changes: plan.changes, diff, applied: true };
}

type Run = (db: Db, queue: Queue, opts: ApplyOptions) => Promise<void>;
interface Step {
  errors: string[];
  run: Run;
}

// Stands in for ids of entries created earlier in the same run, only while checking inputs.
const SOME_ID = "00000000-0000-4000-8000-000000000000";
const SINGULAR: Record<Section, string> = { repositories: "repository", policies: "policy", clusters: "cluster", channels: "channel" };

function prepare(change: Change, opts: ApplyOptions, current: ConfigDocument): Step {
  const where = `${SINGULAR[change.section]} "${change.name}"`;
  const errors: string[] = [];
  const secret = (value: unknown, field: string): string | null | undefined => {
    if (value === undefined || value === null) return value;
    const ref = secretRef.parse(value) as SecretRef;
    const v = opts.secrets[secretKeyOf(ref)];
    if (v === undefined)
      errors.push(`${where}: ${field} refers to ${secretKeyOf(ref)}, which was not given (set it where you run the CLI).`);
    return v;
  };
  const check = <S extends z.ZodType>(schema: S, input: unknown): z.infer<S> => {
    const r = schema.safeParse(input);
    if (!r.success) errors.push(...r.error.issues.map((i) => `${where}: ${i.path.join(".") || "entry"}: ${i.message}`));
    return r.data as z.infer<S>;
  };
  const step = (run: Run): Step => ({ errors, run });

  if (change.action === "delete") return step((db) => remove(db, change.section, change.name));

  if (change.action === "update") {
    const set = Object.fromEntries(Object.entries(change.fields).map(([k, d]) => [k, d.to]));
    switch (change.section) {
      case "repositories": {
        const input = check(repositoryUpdateInput, set);
        return step(
          async (db, _q, o) =>
            void (await updateRepository(db, { id: await idOf(db, "repositories", change.name), input, secretKey: o.secretKey })),
        );
      }
      case "policies": {
        // A policy is saved whole: the current settings with the document's changes.
        const input = check(policyInput, { ...current.policies.find((p) => p.name === change.name), ...set });
        return step(async (db, queue) => void (await savePolicy(db, queue, { id: await idOf(db, "policies", change.name), input })));
      }
      case "clusters": {
        const { repository, policy, ...rest } = set;
        const input = check(clusterUpdateInput, { ...rest, ...(repository === undefined ? {} : { repositoryId: SOME_ID }) });
        return step(async (db, queue, o) => {
          const id = await idOf(db, "clusters", change.name);
          const repositoryId = typeof repository === "string" ? await idOf(db, "repositories", repository) : undefined;
          await updateCluster(db, { id, input: { ...input, repositoryId }, secretKey: o.secretKey });
          if (policy !== undefined)
            await assignPolicy(db, queue, { clusterId: id, policyId: policy ? await idOf(db, "policies", String(policy)) : null });
        });
      }
      case "channels": {
        const { clusters, ...rest } = set;
        const input = check(channelUpdateInput, { ...rest, ...(clusters === undefined ? {} : { clusterIds: [] }) });
        return step(async (db, _q, o) => {
          const clusterIds = Array.isArray(clusters) ? await idsOf(db, clusters as string[]) : undefined;
          await updateChannel(db, { id: await idOf(db, "channels", change.name), input: { ...input, clusterIds }, secretKey: o.secretKey });
        });
      }
    }
  }

  const entry = change.entry;
  switch (change.section) {
    case "repositories": {
      const input = check(repositoryInput, {
        ...entry,
        secretAccessKey: secret(entry.secretAccessKey, "secretAccessKey"),
        passphrase: secret(entry.passphrase, "passphrase"),
      });
      return step(async (db, _q, o) => void (await createRepository(db, { input, allowedRoots: o.allowedRoots, secretKey: o.secretKey })));
    }
    case "policies": {
      const input = check(policyInput, entry);
      return step(async (db, queue) => void (await savePolicy(db, queue, { input })));
    }
    case "clusters": {
      const { repository, policy, ...rest } = entry;
      const input = check(clusterCreateInput, {
        ...rest,
        password: secret(entry.password, "password") ?? undefined,
        repositoryId: SOME_ID,
      });
      return step(async (db, queue, o) => {
        const repositoryId = typeof repository === "string" ? await idOf(db, "repositories", repository) : undefined;
        const { id } = await createCluster(db, { input: { ...input, repositoryId }, secretKey: o.secretKey });
        if (policy) await assignPolicy(db, queue, { clusterId: id, policyId: await idOf(db, "policies", String(policy)) });
      });
    }
    case "channels": {
      const { clusters, secret: ref, ...rest } = entry;
      const field = SECRET_FIELD[entry.kind as ChannelKind];
      const value = secret(ref, "secret");
      const fields = { ...rest, clusterIds: [], ...(field && value ? { [field]: value } : {}) };
      check(channelCreateInput, fields);
      return step(async (db, _q, o) => {
        const clusterIds = await idsOf(db, (clusters as string[] | undefined) ?? []);
        await createChannel(db, { input: { ...fields, clusterIds } as z.input<typeof channelCreateInput>, secretKey: o.secretKey });
      });
    }
  }
}

async function remove(db: Db, section: Section, name: string): Promise<void> {
  const id = await idOf(db, section, name);
  if (section === "repositories") await deleteRepository(db, id);
  else if (section === "policies") await deletePolicy(db, id);
  else if (section === "clusters") await deleteCluster(db, { id, confirm: name });
  else await deleteChannel(db, id);
}

async function idOf(db: Db, section: Section, name: string): Promise<string> {
  const where = { where: { name }, select: { id: true } };
  const row =
    section === "repositories"
      ? await db.repository.findUnique(where)
      : section === "policies"
        ? await db.policy.findUnique(where)
        : section === "clusters"
          ? await db.cluster.findUnique(where)
          : await db.notificationChannel.findUnique(where);
  if (!row) throw new AppError("validation_failed", `The document names ${SINGULAR[section]} "${name}", which does not exist.`);
  return row.id;
}

async function idsOf(db: Db, clusterNames: string[]): Promise<string[]> {
  return Promise.all(clusterNames.map((n) => idOf(db, "clusters", n)));
}
