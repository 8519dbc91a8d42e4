"use client";

import Link from "next/link";
import { useState } from "react";
import { useForm, useWatch, type UseFormRegister } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { BackupView } from "@/lib/backups/backup-view";
import type { RestorePointView } from "@/lib/restore-points/list-restore-points";
import type { LiveTable } from "@/lib/table-restores/table-catalog";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { FormField, inputClass } from "@/components/ui/form-field";
import { placeFormErrors } from "@/components/ui/server-errors";
import { RestoreTargetFields } from "@/components/restores/restore-target-fields";
import type { RestoreFormInput } from "@/components/restores/restore-form-schema";
import {
  tableRestoreFormSchema,
  type TableRestoreBody,
  type TableRestoreFormInput,
} from "@/components/table-restores/table-restore-form-schema";

const FIELDS = [
  "target.kind",
  "target.time",
  "target.name",
  "target.lsn",
  "target.xid",
  "target.backupId",
  "tables",
  "destination.name",
  "diff",
];

/**
 * "Restore tables": the target (the restore form's picker), the tables of the production database
 * (read live), a new schema (default) or a new database, and whether to compute the difference.
 */
export function TableRestoreForm({
  database,
  tables,
  restorePoints,
  backups,
  defaultValues,
  cancelHref,
  onSubmit,
}: {
  database: string;
  tables: readonly LiveTable[];
  restorePoints: readonly RestorePointView[];
  backups: readonly BackupView[];
  defaultValues: TableRestoreFormInput;
  cancelHref: string;
  onSubmit: (body: TableRestoreBody) => Promise<void>;
}) {
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isSubmitting },
  } = useForm<TableRestoreFormInput, unknown, TableRestoreBody>({ resolver: zodResolver(tableRestoreFormSchema), defaultValues });
  const values = useWatch({ control }) as TableRestoreFormInput;
  const errorFor = (path: string): string | undefined =>
    (path.split(".").reduce<unknown>((e, k) => (e as Record<string, unknown> | undefined)?.[k], errors) as { message?: string } | undefined)
      ?.message;
  const kind = values.target.kind;
  // A table chosen from the WAL inspector may have been dropped since: it can still come back.
  const gone = defaultValues.tables.filter((v) => !tables.some((t) => `${t.schema}.${t.name}` === v));
  const submit = handleSubmit(async (body) => {
    setFormError(null);
    try {
      await onSubmit(body);
    } catch (err) {
      setFormError(placeFormErrors(err, FIELDS, setError));
    }
  });

  return (
    <form noValidate onSubmit={(e) => void submit(e)} className="max-w-3xl space-y-6">
      <ErrorAlert message={formError} />
      <RestoreTargetFields
        // The target's fields are named as the restore form's, so its picker registers them here.
        register={register as unknown as UseFormRegister<RestoreFormInput>}
        kind={kind}
        time={values.target.time}
        name={values.target.name}
        restorePoints={restorePoints}
        backups={backups}
        errorFor={errorFor}
      />
      {/* The target's fields hold the box for times and transactions; restores send an LSN inclusive, a table restore lets the user choose. */}
      {kind === "lsn" ? (
        <div className="flex items-center gap-2">
          <input id="table-restore-inclusive" type="checkbox" className="size-4 accent-neutral-900" {...register("target.inclusive")} />
          <label htmlFor="table-restore-inclusive" className="text-sm text-neutral-800">
            Include the record at this LSN
          </label>
        </div>
      ) : null}

      <fieldset aria-describedby={errorFor("tables") ? "table-restore-tables-error" : undefined}>
        <legend className="mb-2 text-sm font-semibold text-neutral-800">Tables of {database}</legend>
        {tables.length === 0 && gone.length === 0 ? <p className="text-sm text-neutral-500">This database has no tables.</p> : null}
        <ul className="grid max-h-72 grid-cols-1 gap-1 overflow-y-auto sm:grid-cols-2">
          {tables.map((t) => (
            <TableChoice
              key={`${t.schema}.${t.name}`}
              value={`${t.schema}.${t.name}`}
              note={`${t.estimatedRows === null ? "" : `~${t.estimatedRows} rows`}${t.hasPrimaryKey ? "" : " · no primary key"}`}
              register={register}
            />
          ))}
          {gone.map((value) => (
            <TableChoice key={value} value={value} note="not in the live database now" register={register} />
          ))}
        </ul>
        {errorFor("tables") ? (
          <p id="table-restore-tables-error" className="mt-1 text-xs text-red-700">
            {errorFor("tables")}
          </p>
        ) : null}
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="mb-2 text-sm font-semibold text-neutral-800">Bring them back into</legend>
        <label className="flex items-baseline gap-2 text-sm text-neutral-800">
          <input type="radio" value="schema" className="size-4 accent-neutral-900" {...register("destination.kind")} />A new schema of{" "}
          {database}, beside the live tables
        </label>
        <label className="flex items-baseline gap-2 text-sm text-neutral-800">
          <input type="radio" value="database" className="size-4 accent-neutral-900" {...register("destination.kind")} />A new database
        </label>
        <FormField
          id="table-restore-name"
          label={values.destination.kind === "schema" ? "Schema name" : "Database name"}
          error={errorFor("destination.name")}
          hint="Empty: wayback_restored_<date>_<time>."
          className="max-w-sm"
        >
          {(a) => (
            <input
              {...a}
              type="text"
              autoComplete="off"
              spellCheck={false}
              className={`${inputClass} font-mono`}
              {...register("destination.name")}
            />
          )}
        </FormField>
        {values.destination.kind === "schema" ? (
          <div className="flex items-center gap-2">
            <input id="table-restore-diff" type="checkbox" className="size-4 accent-neutral-900" {...register("diff")} />
            <label htmlFor="table-restore-diff" className="text-sm text-neutral-800">
              Show the difference: rows the live tables lack, by primary key
            </label>
          </div>
        ) : null}
        {errorFor("diff") ? <p className="text-xs text-red-700">{errorFor("diff")}</p> : null}
      </fieldset>

      <div className="flex items-center gap-3">
        <button type="submit" className={buttonClass("primary")} disabled={isSubmitting}>
          {isSubmitting ? "Starting…" : "Restore tables"}
        </button>
        <Link href={cancelHref} className="text-sm text-sky-800 hover:underline">
          Cancel
        </Link>
      </div>
    </form>
  );
}

function TableChoice({ value, note, register }: { value: string; note: string; register: UseFormRegister<TableRestoreFormInput> }) {
  return (
    <li>
      <label className="flex items-baseline gap-2 text-sm text-neutral-800">
        <input type="checkbox" value={value} className="size-4 accent-neutral-900" {...register("tables")} />
        <span className="font-mono">{value}</span>
        <span className="text-xs text-neutral-500">{note}</span>
      </label>
    </li>
  );
}
