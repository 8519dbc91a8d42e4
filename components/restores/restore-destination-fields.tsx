"use client";

import type { UseFormRegister } from "react-hook-form";
import type { BackupView } from "@/lib/backups/backup-view";
import type { RestorePlanView } from "@/lib/restores/request-restore";
import { ErrorAlert } from "@/components/ui/alert";
import { ConfirmByName } from "@/components/ui/confirm-by-name";
import { FormField, inputClass } from "@/components/ui/form-field";
import { BackupSelect } from "@/components/backups/backup-select";
import type { RestoreFormInput, TargetKind } from "@/components/restores/restore-form-schema";
import { RestoreHostField } from "@/components/restores/restore-host-field";

/**
 * "Source and destination": in place or into a new instance (the choice only when `inPlace` is
 * offered), the backup to start from, the new instance's directory and port (placeholders from the
 * live plan), or the typed name that confirms overwriting; and whether to pause at the target.
 */
export function RestoreDestinationFields({
  register,
  kind,
  overwriting,
  inPlace,
  backups,
  proposal,
  errorFor,
}: {
  register: UseFormRegister<RestoreFormInput>;
  kind: TargetKind;
  overwriting: boolean;
  inPlace: { clusterName: string } | null;
  backups: readonly BackupView[];
  /** The live plan's choices, shown as placeholders; null before the first plan. */
  proposal: RestorePlanView | null;
  errorFor: (path: string) => string | undefined;
}) {
  return (
    <fieldset className="space-y-4 border-t border-neutral-200 pt-4">
      <legend className="float-left mb-3 w-full text-sm font-semibold text-neutral-800">Source and destination</legend>
      {inPlace ? (
        <div role="radiogroup" aria-label="Destination" className="clear-both flex flex-wrap gap-x-5 gap-y-1 text-sm text-neutral-800">
          <label className="flex items-center gap-2">
            <input type="radio" value="new_instance" className="size-4 accent-neutral-900" {...register("destination.kind")} />
            Into a new instance
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" value="in_place" className="size-4 accent-red-700" {...register("destination.kind")} />
            In place, over {inPlace.clusterName}
          </label>
        </div>
      ) : null}
      <div className="clear-both grid max-w-xl grid-cols-1 gap-4 sm:grid-cols-[1fr_8rem]">
        {kind !== "immediate" ? (
          <BackupSelect
            className="sm:col-span-2"
            id="restore-backup"
            label="Backup"
            error={errorFor("backupId")}
            hint="Which backup to start from; the newest one that ends before the target needs the least WAL."
            none="Newest suitable backup"
            backups={backups}
            registration={register("backupId")}
          />
        ) : null}
        {overwriting ? null : (
          <>
            <FormField
              id="restore-data-dir"
              label="Data directory"
              error={errorFor("destination.dataDir")}
              hint="Empty: a new directory under the restore root."
            >
              {(a) => (
                <input
                  {...a}
                  type="text"
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={proposal?.dataDir ?? ""}
                  className={`${inputClass} font-mono`}
                  {...register("destination.dataDir")}
                />
              )}
            </FormField>
            <FormField id="restore-port" label="Port" error={errorFor("destination.port")} hint="Empty: a free one.">
              {(a) => (
                <input
                  {...a}
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  placeholder={proposal ? String(proposal.port) : ""}
                  className={`${inputClass} font-mono`}
                  {...register("destination.port")}
                />
              )}
            </FormField>
            <RestoreHostField register={register} proposed={proposal?.workerHost ?? null} error={errorFor("workerHost")} />
          </>
        )}
      </div>
      {overwriting && inPlace ? (
        <div className="max-w-xl space-y-3 rounded border border-red-300 bg-red-50 p-3">
          <p className="text-sm text-red-900">
            Wayback stops <strong className="break-all font-mono">{inPlace.clusterName}</strong>, keeps its current data directory aside,
            and brings the cluster back as of the target. Everything written after the target is no longer in the running cluster.
          </p>
          <ErrorAlert message={errorFor("destination.kind")} />
          <ConfirmByName
            id="restore-confirm"
            what="cluster"
            targetName={inPlace.clusterName}
            error={errorFor("destination.confirm")}
            {...register("destination.confirm")}
          />
        </div>
      ) : null}
      <div className="flex items-center gap-2">
        <input id="restore-pause" type="checkbox" className="size-4 accent-neutral-900" {...register("pauseAtTarget")} />
        <label htmlFor="restore-pause" className="text-sm text-neutral-800">
          Pause at the target (inspect before promoting)
        </label>
      </div>
      <FormField
        id="restore-timeline"
        label="Timeline (optional)"
        error={errorFor("timeline")}
        hint="Empty follows the latest timeline, as recovery_target_timeline = 'latest' does. After a failover, a lower number recovers along the old timeline."
      >
        {(a) => <input {...a} type="text" inputMode="numeric" className={`${inputClass} w-24 font-mono`} {...register("timeline")} />}
      </FormField>
    </fieldset>
  );
}
