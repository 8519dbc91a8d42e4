"use client";

import type { DumpDetailView } from "@/lib/dumps/dump-view";
import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { FormField, inputClass } from "@/components/ui/form-field";
import { useClusters } from "@/components/clusters/cluster-queries";
import { NEW_INSTANCE } from "@/components/dumps/dump-restore-choices";
import { DumpRestoreOptions } from "@/components/dumps/dump-restore-options";
import { DumpRestoreSelection } from "@/components/dumps/dump-restore-selection";
import { useDumpRestoreForm } from "@/components/dumps/use-dump-restore-form";

/**
 * Restores a dump into a new database on this or another registered cluster, or on a new local
 * instance (the dump's roles come with it, from globals.sql): the whole dump, or
 * schemas and tables chosen from its table of contents. Restoring over an existing database
 * (clean) is offered to admins only, and needs the database's name typed again.
 */
export function DumpRestoreForm({ dump, canRestoreOver }: { dump: DumpDetailView; canRestoreOver: boolean }) {
  const clusters = useClusters();
  const { choices, update, restore, fieldError, newInstance, overwrite, submit } = useDumpRestoreForm(dump);
  const plain = dump.format === "plain";

  return (
    <form
      aria-label="Restore this dump"
      className="space-y-3 rounded border border-neutral-200 bg-white px-3 py-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="flex flex-wrap items-end gap-3">
        <FormField id="restore-cluster" label="Into" error={fieldError("targetClusterId") ?? fieldError("target.kind")} className="w-56">
          {(p) => (
            <select {...p} className={inputClass} value={choices.into} onChange={(e) => update({ into: e.target.value })}>
              {(clusters.data ?? [{ id: dump.clusterId, name: dump.clusterName }]).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
              <option value={NEW_INSTANCE}>A new local instance</option>
            </select>
          )}
        </FormField>
        <FormField
          id="restore-database"
          label={overwrite ? "Existing database" : "New database"}
          error={fieldError("targetDatabase")}
          className="w-64"
        >
          {(p) => (
            <input
              {...p}
              className={inputClass}
              value={choices.targetDatabase}
              onChange={(e) => update({ targetDatabase: e.target.value })}
              required
            />
          )}
        </FormField>
        {!plain ? (
          <FormField id="restore-jobs" label="Parallel jobs" error={fieldError("jobs")} className="w-28">
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                max={16}
                className={inputClass}
                value={choices.jobs}
                onChange={(e) => update({ jobs: e.target.value })}
              />
            )}
          </FormField>
        ) : null}
      </div>

      {plain ? (
        <p className="text-neutral-600">A plain SQL dump is restored whole, by psql.</p>
      ) : (
        <DumpRestoreSelection tables={dump.toc?.tables ?? []} choices={choices} update={update} error={fieldError("selection")} />
      )}

      {!plain ? (
        <DumpRestoreOptions
          choices={choices}
          update={update}
          canClean={canRestoreOver && !newInstance}
          overwrite={overwrite}
          confirmError={fieldError("confirmDatabase")}
        />
      ) : null}

      {newInstance ? (
        <p className="text-neutral-600">
          The worker starts a new PostgreSQL {dump.pgVersion ? `${Number.parseInt(dump.pgVersion, 10)} ` : ""}instance on its host,{" "}
          {dump.globals
            ? "applies the dump's roles (globals.sql)"
            : "creates the source's login (this dump has no globals.sql, so no other roles)"}
          , then restores into the new database. It runs until you discard it; log in as the source cluster's login, with its password.
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
