"use client";

import { FormField, inputClass } from "@/components/ui/form-field";
import type { DumpRestoreChoices } from "@/components/dumps/dump-restore-choices";

/**
 * pg_restore's options: owners and privileges, and (admins, into an existing cluster) restoring
 * over a database with --clean, which needs the database's name typed again.
 */
export function DumpRestoreOptions({
  choices,
  update,
  canClean,
  overwrite,
  confirmError,
}: {
  choices: DumpRestoreChoices;
  update: (patch: Partial<DumpRestoreChoices>) => void;
  canClean: boolean;
  overwrite: boolean;
  confirmError: string | undefined;
}) {
  return (
    <div className="space-y-1">
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={choices.noOwner} onChange={(e) => update({ noOwner: e.target.checked })} />
        <span>Do not restore owners or privileges (--no-owner --no-acl): objects belong to the restoring role</span>
      </label>
      {canClean ? (
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={choices.clean} onChange={(e) => update({ clean: e.target.checked })} />
          <span>Restore over an existing database, dropping its objects first (--clean)</span>
        </label>
      ) : null}
      {overwrite ? (
        <div className="ml-6 space-y-2">
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={choices.ifExists} onChange={(e) => update({ ifExists: e.target.checked })} />
            <span>Only drop what exists (--if-exists)</span>
          </label>
          <FormField id="restore-confirm" label="Type the database's name to confirm" error={confirmError} className="w-64">
            {(p) => (
              <input
                {...p}
                className={inputClass}
                value={choices.confirmDatabase}
                onChange={(e) => update({ confirmDatabase: e.target.value })}
                autoComplete="off"
              />
            )}
          </FormField>
        </div>
      ) : null}
    </div>
  );
}
