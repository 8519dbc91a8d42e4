import { z } from "zod";
import { clusterCreateInput, engineIssues, type ClusterCreateInput, type ClusterUpdateInput } from "@/lib/domain/cluster-input";

/**
 * What the cluster form validates: the server's own schema (clusterCreateInput) and its engine
 * rule (engineIssues), plus two UI-only flags: removing a saved password when editing, and whether
 * the cluster runs on an imported stanza (whose own config names its data directory, so the
 * server asks for none). An empty repository choice ("") means "leave it to the server" and is not
 * sent; an empty data directory is not sent either (an edit keeps the saved one).
 */
export const clusterFormSchema = clusterCreateInput
  .extend({
    removePassword: z.boolean(),
    importedStanza: z.boolean(),
    // The form always shows a choice: no server default to fall back on.
    engine: clusterCreateInput.shape.engine.unwrap(),
    localDataDir: z.union([z.literal(""), clusterCreateInput.shape.localDataDir.unwrap().unwrap()]),
    repositoryId: z.union([z.literal(""), z.uuid("Choose a repository.")]),
    // Empty means no limit; otherwise the server's own rule.
    backupMaxRateKb: z.union([z.literal(""), clusterCreateInput.shape.backupMaxRateKb.unwrap().unwrap()]),
    // One host:port a line in the form; the server's own list rule after that.
    otherHosts: z.string().transform((text, ctx) => {
      const list = text
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "");
      // The server's rule; its first complaint goes under the one text box (not under a line index).
      const checked = clusterCreateInput.shape.otherHosts.safeParse(list);
      if (!checked.success) ctx.addIssue({ code: "custom", message: checked.error.issues[0]!.message });
      return list;
    }),
  })
  .superRefine((v, ctx) => {
    if (v.importedStanza) return;
    for (const issue of engineIssues({ ...v, localDataDir: v.localDataDir || null })) ctx.addIssue({ code: "custom", ...issue });
  });

export type ClusterFormInput = z.input<typeof clusterFormSchema>;
export type ClusterFormValues = z.output<typeof clusterFormSchema>;

/** The fields a refusal from the server can name, placed under their inputs. */
export const CLUSTER_FORM_FIELDS = [
  "name",
  "host",
  "port",
  "otherHosts",
  "database",
  "username",
  "password",
  "sslmode",
  "repositoryId",
  "compression",
  "walMode",
  "backupFrom",
  "backupMaxRateKb",
  "rpoTargetSeconds",
  "synchronousReceive",
  "backupEveryHours",
  "engine",
  "localDataDir",
] as const;

/** A new cluster's values before the repository is chosen (see useClusterForm). */
export const CLUSTER_FORM_DEFAULTS: Omit<ClusterFormInput, "repositoryId"> = {
  name: "",
  host: "",
  port: 5432,
  otherHosts: "",
  database: "postgres",
  username: "",
  password: "",
  sslmode: "prefer",
  removePassword: false,
  importedStanza: false,
  engine: "wayback",
  localDataDir: "",
  compression: "zstd",
  walMode: "streaming",
  backupFrom: "primary",
  backupMaxRateKb: "",
  rpoTargetSeconds: 60,
  synchronousReceive: false,
  backupEveryHours: 24,
};

/** POST /api/v1/clusters body. An empty password field means "no password". */
export function toCreateBody(v: ClusterFormValues): ClusterCreateInput {
  const { removePassword: _removePassword, password, ...rest } = v;
  const body = sharedBody(rest);
  return password ? { ...body, password } : body;
}

/** PATCH /api/v1/clusters/:id body. An empty password keeps the saved one; the checkbox removes it. */
export function toUpdateBody(v: ClusterFormValues): ClusterUpdateInput {
  const { removePassword, password, ...rest } = v;
  const body = sharedBody(rest);
  if (removePassword) return { ...body, password: null };
  return password ? { ...body, password } : body;
}

/** Both bodies but the password: the form's empty choices left out, the UI-only flag dropped. */
function sharedBody(v: Omit<ClusterFormValues, "removePassword" | "password">) {
  const { importedStanza: _importedStanza, repositoryId, backupMaxRateKb, localDataDir, ...rest } = v;
  return {
    ...rest,
    backupMaxRateKb: backupMaxRateKb === "" ? null : backupMaxRateKb,
    ...(repositoryId ? { repositoryId } : {}),
    ...(localDataDir ? { localDataDir } : {}),
  };
}
