"use client";

import Link from "next/link";
import { useState } from "react";
import { useForm, useWatch, type FieldPath } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { BackupView } from "@/lib/backups/backup-view";
import type { RestorePointView } from "@/lib/restore-points/list-restore-points";
import { ErrorAlert } from "@/components/ui/alert";
import { placeServerErrors } from "@/components/ui/server-errors";
import { buttonClass, dangerSolidClass } from "@/components/ui/button-styles";
import { ConfirmByName } from "@/components/ui/confirm-by-name";
import { confirmsName } from "@/lib/domain/confirm-name";
import { FormField, inputClass } from "@/components/ui/form-field";
import { formatLocalInput, parseLocalInput } from "@/components/ui/format";
import { NearestMoments } from "@/components/restores/nearest-moments";
import type { TimelinePick } from "@/components/restores/restore-links";
import { restoreFormSchema, TARGET_FIELD, type RestoreFormInput, type RestoreRequestBody } from "@/components/restores/restore-form-schema";
import { RestorePlanPanel } from "@/components/restores/restore-plan-panel";
import { restoreRefusal, type RestoreRefusal } from "@/components/restores/restore-refusal";
import { RestoreTargetFields } from "@/components/restores/restore-target-fields";
import { BackupSelect } from "@/components/backups/backup-select";
import { useLivePlan } from "@/components/restores/use-live-plan";

interface RestoreFormProps {
  clusterId: string;
  defaultValues: RestoreFormInput;
  restorePoints: readonly RestorePointView[];
  /** The cluster's complete backups, newest first. */
  backups: readonly BackupView[];
  cancelHref: string;
  /** Starts the restore; throws ApiError on refusal. The caller navigates away on success. */
  onSubmit: (body: RestoreRequestBody) => Promise<void>;
  /**
   * Something above the form (the page's timeline) that can put a picked moment or restore point
   * in it, and shows the moment the form holds (`chosen`, ISO; null when the target is not a valid time).
   */
  header?: (onPick: (pick: TimelinePick) => void, chosen: string | null) => React.ReactNode;
  /** Offered only to admins, for a cluster whose data directory is on the worker's host. */
  inPlace?: { clusterName: string } | null;
}

/**
 * The restore form: what to restore to, from which backup, where the copy goes. The plan panel
 * beside it runs the server's dry run on the values as they are typed.
 */
export function RestoreForm({ clusterId, defaultValues, restorePoints, backups, cancelHref, onSubmit, header, inPlace = null }: RestoreFormProps) {
  const [formError, setFormError] = useState<string | null>(null);
  const [submitRefusal, setSubmitRefusal] = useState<{ key: string; refusal: RestoreRefusal } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    control,
    formState: { errors, isSubmitting, isSubmitSuccessful },
  } = useForm<RestoreFormInput, unknown, RestoreRequestBody>({ resolver: zodResolver(restoreFormSchema), defaultValues });
  const values = useWatch({ control }) as RestoreFormInput;
  const live = useLivePlan(clusterId, values);
  const kind = values.target.kind;
  const overwriting = inPlace !== null && values.destination.kind === "in_place";

  const setTarget = (t: Partial<RestoreFormInput["target"]>) => {
    for (const [k, v] of Object.entries(t)) {
      setValue(`target.${k}` as FieldPath<RestoreFormInput>, v, { shouldDirty: true, shouldValidate: false });
    }
  };
  const fillMoment = (iso: string) => setTarget({ kind: "time", time: formatLocalInput(iso) });
  const fillPick = (pick: TimelinePick) => (pick.kind === "time" ? fillMoment(pick.time) : setTarget({ kind: "name", name: pick.name }));

  // A refusal from "Start restore" counts until the values change; otherwise the live plan's.
  const refusal = submitRefusal?.key === live.key ? submitRefusal.refusal : live.refusal;
  const errorFor = (path: string): string | undefined => {
    const own = path.split(".").reduce<unknown>((e, k) => (e as Record<string, unknown> | undefined)?.[k], errors) as { message?: string } | undefined;
    if (own?.message) return own.message;
    if (refusal && path === TARGET_FIELD[kind]) return refusal.message;
    return live.fieldErrors[path]?.join(" ");
  };

  const submit = handleSubmit(async (body) => {
    setFormError(null);
    setSubmitRefusal(null);
    try {
      await onSubmit(body);
    } catch (err) {
      const refused = restoreRefusal(err);
      if (refused) {
        setSubmitRefusal({ key: live.key, refusal: refused });
        throw err;
      }
      setFormError(
        placeServerErrors(err, (field, message) => {
          const path = field === "target" ? TARGET_FIELD[kind] : field;
          if (!isFormPath(path)) return false;
          setError(path, { type: "server", message });
          return true;
        }),
      );
      throw err;
    }
  });

  const busy = isSubmitting || isSubmitSuccessful;
  const nearest = refusal ? <NearestMoments refusal={refusal} onUse={fillMoment} /> : null;
  const proposal = live.plan;

  return (
    <div className="space-y-5">
      {header?.(fillPick, chosenMoment(values.target))}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <form
          noValidate
          onSubmit={(e) => {
            submit(e).catch(() => undefined);
          }}
          className="space-y-5"
        >
          <ErrorAlert message={formError} />
          <RestoreTargetFields
            register={register}
            kind={kind}
            time={values.target.time}
            name={values.target.name}
            restorePoints={restorePoints}
            backups={backups}
            errorFor={errorFor}
          />

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
                  <FormField id="restore-data-dir" label="Data directory" error={errorFor("destination.dataDir")} hint="Empty: a new directory under the restore root.">
                    {(a) => (
                      <input {...a} type="text" autoComplete="off" spellCheck={false} placeholder={proposal?.dataDir ?? ""} className={`${inputClass} font-mono`} {...register("destination.dataDir")} />
                    )}
                  </FormField>
                  <FormField id="restore-port" label="Port" error={errorFor("destination.port")} hint="Empty: a free one.">
                    {(a) => (
                      <input {...a} type="text" inputMode="numeric" autoComplete="off" placeholder={proposal ? String(proposal.port) : ""} className={`${inputClass} font-mono`} {...register("destination.port")} />
                    )}
                  </FormField>
                </>
              )}
            </div>
            {overwriting ? (
              <div className="max-w-xl space-y-3 rounded border border-red-300 bg-red-50 p-3">
                <p className="text-sm text-red-900">
                  Wayback stops <strong className="break-all font-mono">{inPlace.clusterName}</strong>, keeps its current data directory aside, and
                  brings the cluster back as of the target. Everything written after the target is no longer in the running cluster.
                </p>
                <ErrorAlert message={errorFor("destination.kind")} />
                <ConfirmByName id="restore-confirm" what="cluster" targetName={inPlace.clusterName} error={errorFor("destination.confirm")} {...register("destination.confirm")} />
              </div>
            ) : null}
            <div className="flex items-center gap-2">
              <input id="restore-pause" type="checkbox" className="size-4 accent-neutral-900" {...register("pauseAtTarget")} />
              <label htmlFor="restore-pause" className="text-sm text-neutral-800">
                Pause at the target (inspect before promoting)
              </label>
            </div>
          </fieldset>

          <div className="flex items-center gap-2 border-t border-neutral-200 pt-4">
            {overwriting ? (
              <button type="submit" className={dangerSolidClass} disabled={busy || !confirmsName(values.destination.confirm ?? "", inPlace.clusterName)}>
                Restore in place
              </button>
            ) : (
              <button type="submit" className={buttonClass("primary")} disabled={busy}>
                Start restore
              </button>
            )}
            <Link href={cancelHref} className={buttonClass("secondary")}>
              Cancel
            </Link>
            {isSubmitting ? <span className="text-sm text-neutral-500">Starting…</span> : null}
          </div>
        </form>

        <div className="lg:sticky lg:top-4 lg:self-start">
          <RestorePlanPanel plan={refusal ? { state: "refused", refusal } : live.state} backups={backups} nearest={nearest} />
        </div>
      </div>
    </div>
  );
}

const FORM_PATHS = new Set(["target.kind", "target.time", "target.inclusive", "target.name", "target.lsn", "target.xid", "target.backupId", "backupId", "destination.dataDir", "destination.port", "destination.confirm", "pauseAtTarget"]);
const isFormPath = (p: string): p is FieldPath<RestoreFormInput> => FORM_PATHS.has(p);

/** The instant the form's time target holds, to mark it on the timeline. */
function chosenMoment(target: RestoreFormInput["target"]): string | null {
  if (target.kind !== "time") return null;
  const parsed = parseLocalInput(target.time);
  return parsed.ok ? parsed.date.toISOString() : null;
}
