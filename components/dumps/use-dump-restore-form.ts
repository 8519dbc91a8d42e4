"use client";

import { useState } from "react";
import type { DumpDetailView } from "@/lib/dumps/dump-view";
import { ApiError } from "@/components/ui/api";
import { useRestoreDump } from "@/components/dumps/dump-queries";
import { dumpRestoreBody, NEW_INSTANCE, overwrites, type DumpRestoreChoices } from "@/components/dumps/dump-restore-choices";

/**
 * The dump restore form's state: the choices (into the dump's own cluster, a database named
 * `<database>_restored`, the whole dump, owners left out), the restore request, and the server's
 * message for a field.
 */
export function useDumpRestoreForm(dump: DumpDetailView) {
  const restore = useRestoreDump(dump.id);
  const [choices, setChoices] = useState<DumpRestoreChoices>(() => ({
    into: dump.clusterId,
    targetDatabase: `${dump.database}_restored`,
    whole: true,
    schemas: new Set(),
    tables: new Set(),
    jobs: "1",
    noOwner: true,
    clean: false,
    ifExists: true,
    confirmDatabase: "",
  }));
  const update = (patch: Partial<DumpRestoreChoices>) => setChoices((c) => ({ ...c, ...patch }));
  const fieldError = (name: string) => (restore.error instanceof ApiError ? restore.error.fields[name]?.[0] : undefined);

  return {
    choices,
    update,
    restore,
    fieldError,
    newInstance: choices.into === NEW_INSTANCE,
    overwrite: overwrites(dump, choices),
    submit: () => restore.mutate(dumpRestoreBody(dump, choices)),
  };
}
