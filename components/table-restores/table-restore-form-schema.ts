import { z } from "zod";
import type { RestoreTargetInput } from "@/lib/domain/restore-target-input";
import { tableRestoreRequestInput } from "@/lib/domain/table-restore-input";
import { formatIsoWithOffset, parseLocalInput } from "@/components/ui/format";
import type { RestoreFormInput } from "@/components/restores/restore-form-schema";

/**
 * The "Restore tables" form: the restore form's target fields (same names, so its target picker
 * serves), plus the tables (as "schema.name" checkbox values), where they go and the difference.
 * Unlike the restore form, "inclusive" is sent for LSN and xid targets too: "just before this
 * transaction" is an xid target with inclusive off.
 */
export interface TableRestoreFormInput {
  target: RestoreFormInput["target"];
  backupId: string;
  /** Empty: the database the cluster connects to. */
  database: string;
  tables: string[];
  destination: { kind: "schema" | "database"; name: string };
  diff: boolean;
}

function targetOf(t: TableRestoreFormInput["target"]): RestoreTargetInput {
  switch (t.kind) {
    case "time": {
      const parsed = parseLocalInput(t.time);
      return { kind: "time", time: parsed.ok ? formatIsoWithOffset(parsed.date, parsed.micros) : t.time, inclusive: t.inclusive };
    }
    case "name":
      return { kind: "name", name: t.name };
    case "lsn":
      return { kind: "lsn", lsn: t.lsn, inclusive: t.inclusive };
    case "xid":
      return { kind: "xid", xid: t.xid, inclusive: t.inclusive };
    case "immediate":
      return { kind: "immediate", backupId: t.backupId };
    case "latest":
      return { kind: "latest" };
  }
}

export function toTableRestoreBody(v: TableRestoreFormInput): z.input<typeof tableRestoreRequestInput> {
  const name = v.destination.name.trim();
  return {
    target: targetOf(v.target),
    ...(v.backupId && v.target.kind !== "immediate" ? { backupId: v.backupId } : {}),
    ...(v.database ? { database: v.database } : {}),
    tables: (v.tables || []).map((t) => {
      const dot = t.indexOf(".");
      return { schema: t.slice(0, dot), name: t.slice(dot + 1) };
    }),
    destination: { kind: v.destination.kind, ...(name ? { name } : {}) },
    diff: v.destination.kind === "schema" && v.diff,
  };
}

export const tableRestoreFormSchema = z.custom<TableRestoreFormInput>().transform(toTableRestoreBody).pipe(tableRestoreRequestInput);
export type TableRestoreBody = z.output<typeof tableRestoreFormSchema>;

/**
 * Starting values; ?targetKind=xid&target=<xid>&inclusive=false (a transaction's "just before")
 * fills the target, ?database=&table=schema.name… the tables that transaction touched.
 */
export function initialTableRestoreValues(prefill: {
  targetKind?: string;
  target?: string;
  inclusive?: string;
  database?: string;
  tables?: string[];
}): TableRestoreFormInput {
  const kind =
    prefill.targetKind === "xid" || prefill.targetKind === "lsn" || prefill.targetKind === "name" ? prefill.targetKind : "latest";
  const value = prefill.target ?? "";
  return {
    target: {
      kind,
      time: "",
      inclusive: prefill.inclusive !== "false",
      name: kind === "name" ? value : "",
      lsn: kind === "lsn" ? value : "",
      xid: kind === "xid" ? value : "",
      backupId: "",
    },
    backupId: "",
    database: prefill.database ?? "",
    tables: [...new Set(prefill.tables ?? [])],
    destination: { kind: "schema", name: "" },
    diff: true,
  };
}
