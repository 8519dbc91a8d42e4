"use client";

import { useState } from "react";
import type { TableName } from "@/lib/domain/dump-toc";
import type { DumpDetailView } from "@/lib/dumps/dump-view";
import { ApiError, errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { useClusters } from "@/components/clusters/cluster-queries";
import { useRestoreDump } from "@/components/dumps/dump-queries";
import { FormField, inputClass } from "@/components/ui/form-field";

const tableKey = (t: TableName) => JSON.stringify([t.schema, t.name]);
// The "Into" choice that is no cluster: a new PostgreSQL instance the worker makes for this restore.
const NEW_INSTANCE = "new_instance";

/**
 * Restores a dump into a new database on this or another registered cluster, or on a new local
 * instance (the dump's roles come with it, from globals.sql): the whole dump, or
 * schemas and tables chosen from its table of contents. Restoring over an existing database
 * (clean) is offered to admins only, and needs the database's name typed again.
 */
export function DumpRestoreForm({ dump, canRestoreOver }: { dump: DumpDetailView; canRestoreOver: boolean }) {
  const restore = useRestoreDump(dump.id);
  const clusters = useClusters();
  const plain = dump.format === "plain";
  const [into, setInto] = useState(dump.clusterId);
  const newInstance = into === NEW_INSTANCE;
  const [targetDatabase, setTargetDatabase] = useState(`${dump.database}_restored`);
  const [whole, setWhole] = useState(true);
  const [schemas, setSchemas] = useState<Set<string>>(new Set());
  const [tables, setTables] = useState<Set<string>>(new Set());
  const [jobs, setJobs] = useState("1");
  const [noOwner, setNoOwner] = useState(true);
  const [clean, setClean] = useState(false);
  const [ifExists, setIfExists] = useState(true);
  const [confirmDatabase, setConfirmDatabase] = useState("");
  const overwrite = clean && !plain && !newInstance;

  const fieldError = (name: string) => (restore.error instanceof ApiError ? restore.error.fields[name]?.[0] : undefined);
  const toggle = (set: Set<string>, value: string, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(value);
    else next.delete(value);
    return next;
  };
  const bySchema = new Map<string, TableName[]>();
  for (const t of dump.toc?.tables ?? []) bySchema.set(t.schema, [...(bySchema.get(t.schema) ?? []), t]);

  return (
    <form
      aria-label="Restore this dump"
      className="space-y-3 rounded border border-neutral-200 bg-white px-3 py-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        restore.mutate({
          target: { kind: newInstance ? "new_instance" : "cluster" },
          targetClusterId: newInstance ? undefined : into,
          targetDatabase,
          selection: whole || plain ? undefined : { schemas: [...schemas], tables: (dump.toc?.tables ?? []).filter((t) => tables.has(tableKey(t)) && !schemas.has(t.schema)) },
          jobs: plain ? 1 : Number(jobs),
          noOwner,
          clean: overwrite,
          ifExists: overwrite && ifExists,
          confirmDatabase: overwrite ? confirmDatabase : "",
        });
      }}
    >
      <div className="flex flex-wrap items-end gap-3">
        <FormField id="restore-cluster" label="Into" error={fieldError("targetClusterId") ?? fieldError("target.kind")} className="w-56">
          {(p) => (
            <select {...p} className={inputClass} value={into} onChange={(e) => setInto(e.target.value)}>
              {(clusters.data ?? [{ id: dump.clusterId, name: dump.clusterName }]).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
              <option value={NEW_INSTANCE}>A new local instance</option>
            </select>
          )}
        </FormField>
        <FormField id="restore-database" label={overwrite ? "Existing database" : "New database"} error={fieldError("targetDatabase")} className="w-64">
          {(p) => <input {...p} className={inputClass} value={targetDatabase} onChange={(e) => setTargetDatabase(e.target.value)} required />}
        </FormField>
        {!plain ? (
          <FormField id="restore-jobs" label="Parallel jobs" error={fieldError("jobs")} className="w-28">
            {(p) => <input {...p} type="number" min={1} max={16} className={inputClass} value={jobs} onChange={(e) => setJobs(e.target.value)} />}
          </FormField>
        ) : null}
      </div>

      {plain ? (
        <p className="text-neutral-600">A plain SQL dump is restored whole, by psql.</p>
      ) : (
        <fieldset className="space-y-2">
          <legend className="mb-1 font-medium text-neutral-800">What to restore</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name="restore-scope" checked={whole} onChange={() => setWhole(true)} />
            <span>The whole dump</span>
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="restore-scope" checked={!whole} onChange={() => setWhole(false)} />
            <span>Chosen schemas and tables</span>
          </label>
          {!whole ? (
            <div className="max-h-80 space-y-2 overflow-auto rounded border border-neutral-200 px-3 py-2">
              {[...bySchema.entries()].map(([schema, list]) => (
                <div key={schema}>
                  <label className="flex items-center gap-2 font-medium">
                    <input type="checkbox" checked={schemas.has(schema)} onChange={(e) => setSchemas(toggle(schemas, schema, e.target.checked))} />
                    <span>Schema {schema} (everything in it)</span>
                  </label>
                  <ul className="mt-1 ml-6 space-y-0.5">
                    {list.map((t) => (
                      <li key={tableKey(t)}>
                        <label className="flex items-center gap-2">
                          <input
                            type="checkbox"
                            disabled={schemas.has(schema)}
                            checked={schemas.has(schema) || tables.has(tableKey(t))}
                            onChange={(e) => setTables(toggle(tables, tableKey(t), e.target.checked))}
                          />
                          <span className="font-mono text-xs">
                            {t.schema}.{t.name}
                          </span>
                        </label>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
              {fieldError("selection") ? <p className="text-xs text-red-700">{fieldError("selection")}</p> : null}
            </div>
          ) : null}
        </fieldset>
      )}

      {!plain ? (
        <div className="space-y-1">
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={noOwner} onChange={(e) => setNoOwner(e.target.checked)} />
            <span>Do not restore owners or privileges (--no-owner --no-acl): objects belong to the restoring role</span>
          </label>
          {canRestoreOver && !newInstance ? (
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={clean} onChange={(e) => setClean(e.target.checked)} />
              <span>Restore over an existing database, dropping its objects first (--clean)</span>
            </label>
          ) : null}
          {overwrite ? (
            <div className="ml-6 space-y-2">
              <label className="flex items-center gap-2">
                <input type="checkbox" checked={ifExists} onChange={(e) => setIfExists(e.target.checked)} />
                <span>Only drop what exists (--if-exists)</span>
              </label>
              <FormField id="restore-confirm" label="Type the database's name to confirm" error={fieldError("confirmDatabase")} className="w-64">
                {(p) => <input {...p} className={inputClass} value={confirmDatabase} onChange={(e) => setConfirmDatabase(e.target.value)} autoComplete="off" />}
              </FormField>
            </div>
          ) : null}
        </div>
      ) : null}

      {newInstance ? (
        <p className="text-neutral-600">
          The worker starts a new PostgreSQL {dump.pgVersion ? `${Number.parseInt(dump.pgVersion, 10)} ` : ""}instance on its host,{" "}
          {dump.globals ? "applies the dump's roles (globals.sql)" : "creates the source's login (this dump has no globals.sql, so no other roles)"}, then restores into
          the new database. It runs until you discard it; log in as the source cluster's login, with its password.
        </p>
      ) : null}
      <button type="submit" className={buttonClass(overwrite ? "danger" : "primary")} disabled={restore.isPending}>
        {overwrite ? "Restore over this database" : newInstance ? "Restore into a new instance" : "Restore into a new database"}
      </button>
      {restore.isError ? <ErrorAlert title="The restore did not start." message={errorMessage(restore.error)} /> : null}
      {restore.isSuccess ? <p className="text-green-800">Restore started: follow it under “Restores of this dump”.</p> : null}
    </form>
  );
}
