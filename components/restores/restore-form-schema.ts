import { z } from "zod";
import { RESTORE_TARGET_KINDS, type RestoreTargetInput } from "@/lib/domain/restore-target-input";
import { restoreRequestInput } from "@/lib/domain/restore-input";
import { formatIsoWithOffset, formatLocalInput, parseLocalInput } from "@/components/ui/format";

/**
 * The restore form's values and how they become a POST /api/v1/clusters/:id/restores body.
 * Fields are named after the body's paths (target.time, destination.port, …) so the server's field
 * errors land on the right control. The form holds every kind's field at once; only the chosen
 * kind's go into the body. Times are typed in the browser's zone and sent as ISO with that offset.
 * Validation is the server's own schema (restoreRequestInput), after that conversion.
 */
const formValues = z
  .object({
    target: z.object({
      kind: z.enum(RESTORE_TARGET_KINDS),
      time: z.string(),
      inclusive: z.boolean(),
      name: z.string(),
      lsn: z.string(),
      xid: z.string(),
      /** For "immediate": the backup to restore to its end. */
      backupId: z.string(),
    }),
    /** "" = the newest suitable backup. */
    backupId: z.string(),
    /** "" = the primary repository when it holds the backup and WAL, else a copy repository that does. */
    repositoryId: z.string().default(""),
    destination: z.object({
      kind: z.enum(["new_instance", "in_place"]).default("new_instance"),
      dataDir: z.string(),
      port: z.string(),
      /** In place: the cluster's name, typed (checked by the server). */
      confirm: z.string().default(""),
    }),
    pauseAtTarget: z.boolean(),
    /** "" = the timeline recovery_target_timeline = 'latest' follows; else that timeline number. */
    timeline: z.string().default(""),
    /** "" = the host Wayback picks (the one the files bind, else its own while live, else the least busy). */
    workerHost: z.string().default(""),
  })
  .superRefine((v, ctx) => {
    if (v.target.kind === "time") {
      const parsed = parseLocalInput(v.target.time);
      if (!parsed.ok)
        ctx.addIssue({
          code: "custom",
          path: ["target", "time"],
          message: v.target.time.trim() ? parsed.message : "Enter the time to restore to.",
        });
    }
    if (v.destination.kind === "new_instance" && v.destination.port.trim() && !/^\d+$/.test(v.destination.port.trim())) {
      ctx.addIssue({ code: "custom", path: ["destination", "port"], message: "Use a port from 1024 to 65535." });
    }
  });

export type RestoreFormInput = z.input<typeof formValues>;
export type TargetKind = RestoreFormInput["target"]["kind"];

function targetOf(t: RestoreFormInput["target"]): RestoreTargetInput {
  switch (t.kind) {
    case "time": {
      const parsed = parseLocalInput(t.time);
      return { kind: "time", time: parsed.ok ? formatIsoWithOffset(parsed.date, parsed.micros) : t.time, inclusive: t.inclusive };
    }
    case "name":
      return { kind: "name", name: t.name };
    case "lsn":
      return { kind: "lsn", lsn: t.lsn };
    case "xid":
      return { kind: "xid", xid: t.xid, inclusive: t.inclusive };
    case "immediate":
      return { kind: "immediate", backupId: t.backupId };
    case "latest":
      return { kind: "latest" };
  }
}

/** The request body for the form's values (not yet validated). */
export function toRequestBody(v: RestoreFormInput): z.input<typeof restoreRequestInput> {
  const dataDir = v.destination.dataDir.trim();
  const port = v.destination.port.trim();
  return {
    target: targetOf(v.target),
    ...(v.backupId && v.target.kind !== "immediate" ? { backupId: v.backupId } : {}),
    ...(v.repositoryId ? { repositoryId: v.repositoryId } : {}),
    destination:
      v.destination.kind === "in_place"
        ? { kind: "in_place", confirm: v.destination.confirm ?? "" }
        : { kind: "new_instance", ...(dataDir ? { dataDir } : {}), ...(port ? { port: Number(port) } : {}) },
    pauseAtTarget: v.pauseAtTarget,
    ...(v.timeline?.trim() ? { timeline: Number(v.timeline.trim()) } : {}),
    ...(v.workerHost && v.destination.kind === "new_instance" ? { workerHost: v.workerHost } : {}),
    dryRun: false,
  };
}

/** Form values → validated request body, for zodResolver and for the live plan. */
export const restoreFormSchema = formValues.transform(toRequestBody).pipe(restoreRequestInput);
export type RestoreRequestBody = z.output<typeof restoreFormSchema>;

/** The control a server error about "the target" belongs under, for each kind. */
export const TARGET_FIELD: Record<
  TargetKind,
  "target.time" | "target.name" | "target.lsn" | "target.xid" | "target.backupId" | "target.kind"
> = {
  time: "target.time",
  name: "target.name",
  lsn: "target.lsn",
  xid: "target.xid",
  immediate: "target.backupId",
  latest: "target.kind",
};

/**
 * Starting values, prefilled from ?time=ISO (a moment picked on the timeline), ?name= (a restore
 * point) or ?xid=&inclusive=false ("restore to just before this transaction", decision 0022).
 */
export function initialValues(prefill: { time?: string; name?: string; xid?: string; inclusive?: string }): RestoreFormInput {
  const kind: TargetKind = prefill.xid && !prefill.time && !prefill.name ? "xid" : prefill.name && !prefill.time ? "name" : "time";
  return {
    target: {
      kind,
      time: prefill.time ? formatLocalInput(prefill.time) : "",
      inclusive: prefill.inclusive !== "false",
      name: prefill.name ?? "",
      lsn: "",
      xid: prefill.xid ?? "",
      backupId: "",
    },
    backupId: "",
    repositoryId: "",
    destination: { kind: "new_instance", dataDir: "", port: "", confirm: "" },
    pauseAtTarget: false,
    timeline: "",
    workerHost: "",
  };
}

/** The instant the form's time target holds, to mark it on the timeline; null for other kinds or an unreadable time. */
export function chosenMoment(target: RestoreFormInput["target"]): string | null {
  if (target.kind !== "time") return null;
  const parsed = parseLocalInput(target.time);
  return parsed.ok ? parsed.date.toISOString() : null;
}
