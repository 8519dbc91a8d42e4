/**
 * What a restore recovers to (the form and the POST body's "target"): exactly one of a time, a
 * restore point name, an LSN, a transaction id, the end of a backup ("immediate") or everything
 * archived ("latest"). These map onto PostgreSQL's recovery_target_time / _name / _lsn / _xid,
 * recovery_target = 'immediate', or no target, with recovery_target_inclusive.
 */
import { z } from "zod";
import { parseLsn } from "./lsn";
import { readTargetTime, TIME_FORMAT_HINT } from "./restore-target-time";
import { checkXid } from "./restore-target-xid";
import { pgNameInput } from "./text-input";

export const RESTORE_TARGET_KINDS = ["time", "name", "lsn", "xid", "immediate", "latest"] as const;
export type RestoreTargetKind = (typeof RESTORE_TARGET_KINDS)[number];

function isLsn(text: string): boolean {
  try {
    parseLsn(text);
    return true;
  } catch {
    return false;
  }
}

const inclusive = z.boolean({ error: "inclusive is true (stop just after the target) or false (just before)." }).default(true);

/** Refuses keys of other kinds ("two targets at once") with a message naming them. */
function onlyKeys(kind: RestoreTargetKind, allowed: string) {
  return {
    error: (issue: { code?: string; keys?: string[] }) =>
      issue.code === "unrecognized_keys"
        ? `A "${kind}" target takes only ${allowed}; remove ${(issue.keys ?? []).map((k) => `"${k}"`).join(", ")}. Give exactly one target.`
        : undefined,
  };
}

const timeTarget = z.strictObject(
  {
    kind: z.literal("time"),
    time: z
      .string({ error: `Enter the time in ISO 8601 with a UTC offset, ${TIME_FORMAT_HINT}.` })
      .trim()
      .superRefine((value, ctx) => {
        const parsed = readTargetTime(value);
        if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
      }),
    inclusive,
  },
  onlyKeys("time", '"time" and "inclusive"'),
);

const nameTarget = z.strictObject(
  {
    kind: z.literal("name"),
    name: pgNameInput("restore point name", {
      empty: "Enter the name of a restore point.",
      tooLong: "Restore point names are at most 63 bytes.",
    }),
  },
  onlyKeys("name", '"name"'),
);

const lsnTarget = z.strictObject(
  {
    kind: z.literal("lsn"),
    lsn: z
      .string({ error: 'Enter an LSN, e.g. "16/B374D848".' })
      .trim()
      .refine(isLsn, 'Enter an LSN as PostgreSQL prints it: hex, "/", hex, e.g. "16/B374D848".'),
    inclusive,
  },
  onlyKeys("lsn", '"lsn" and "inclusive"'),
);

const xidTarget = z.strictObject(
  {
    kind: z.literal("xid"),
    xid: z
      .string({ error: "Enter a transaction id, e.g. 7418323." })
      .trim()
      .superRefine((value, ctx) => {
        const problem = checkXid(value);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    inclusive,
  },
  onlyKeys("xid", '"xid" and "inclusive"'),
);

const immediateTarget = z.strictObject(
  { kind: z.literal("immediate"), backupId: z.uuid("Choose the backup to restore to its end.") },
  onlyKeys("immediate", '"backupId"'),
);

const latestTarget = z.strictObject({ kind: z.literal("latest") }, onlyKeys("latest", "nothing else"));

/** Exactly one recovery target. */
export const restoreTargetInput = z.discriminatedUnion(
  "kind",
  [timeTarget, nameTarget, lsnTarget, xidTarget, immediateTarget, latestTarget],
  {
    error: (issue) =>
      issue.code === "invalid_union" ? `Choose what to recover to: "kind" is one of ${RESTORE_TARGET_KINDS.join(", ")}.` : undefined,
  },
);

export type RestoreTargetInput = z.input<typeof restoreTargetInput>;
export type RestoreTarget = z.output<typeof restoreTargetInput>;
export type TimeTarget = Extract<RestoreTarget, { kind: "time" }>;
export type NameTarget = Extract<RestoreTarget, { kind: "name" }>;
export type LsnTarget = Extract<RestoreTarget, { kind: "lsn" }>;
export type XidTarget = Extract<RestoreTarget, { kind: "xid" }>;
export type ImmediateTarget = Extract<RestoreTarget, { kind: "immediate" }>;
export type LatestTarget = Extract<RestoreTarget, { kind: "latest" }>;
