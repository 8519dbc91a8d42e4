"use client";

import Link from "next/link";
import type { BackupView } from "@/lib/backups/backup-view";
import type { RestorePointView } from "@/lib/restore-points/list-restore-points";
import { confirmsName } from "@/lib/domain/confirm-name";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass, dangerSolidClass } from "@/components/ui/button-styles";
import { NearestMoments } from "@/components/restores/nearest-moments";
import type { TimelinePick } from "@/components/restores/restore-links";
import { RestoreDestinationFields } from "@/components/restores/restore-destination-fields";
import { chosenMoment, type RestoreFormInput, type RestoreRequestBody } from "@/components/restores/restore-form-schema";
import { RestorePlanPanel } from "@/components/restores/restore-plan-panel";
import { RestoreTargetFields } from "@/components/restores/restore-target-fields";
import { useRestoreForm } from "@/components/restores/use-restore-form";
import { RestoreRepositoryField } from "@/components/copies/restore-repository-field";

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
export function RestoreForm({
  clusterId,
  defaultValues,
  restorePoints,
  backups,
  cancelHref,
  onSubmit,
  header,
  inPlace = null,
}: RestoreFormProps) {
  const form = useRestoreForm({ clusterId, defaultValues, onSubmit });
  const { values, refusal, errorFor } = form;
  const kind = values.target.kind;
  const overwriting = inPlace !== null && values.destination.kind === "in_place";
  const nearest = refusal ? <NearestMoments refusal={refusal} onUse={form.fillMoment} /> : null;

  return (
    <div className="space-y-5">
      {header?.(form.fillPick, chosenMoment(values.target))}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <form
          noValidate
          onSubmit={(e) => {
            form.submit(e).catch(() => undefined);
          }}
          className="space-y-5"
        >
          <ErrorAlert message={form.formError} />
          <RestoreTargetFields
            register={form.register}
            kind={kind}
            time={values.target.time}
            name={values.target.name}
            restorePoints={restorePoints}
            backups={backups}
            errorFor={errorFor}
          />
          <RestoreDestinationFields
            register={form.register}
            kind={kind}
            overwriting={overwriting}
            inPlace={inPlace}
            backups={backups}
            proposal={form.live.plan}
            errorFor={errorFor}
          />
          <RestoreRepositoryField
            clusterId={clusterId}
            ranked={form.live.plan?.repositories ?? null}
            chosen={values.repositoryId ?? ""}
            error={errorFor("repositoryId")}
            registration={form.register("repositoryId")}
          />

          <div className="flex items-center gap-2 border-t border-neutral-200 pt-4">
            {overwriting ? (
              <button
                type="submit"
                className={dangerSolidClass}
                disabled={form.busy || !confirmsName(values.destination.confirm ?? "", inPlace.clusterName)}
              >
                Restore in place
              </button>
            ) : (
              <button type="submit" className={buttonClass("primary")} disabled={form.busy}>
                Start restore
              </button>
            )}
            <Link href={cancelHref} className={buttonClass("secondary")}>
              Cancel
            </Link>
            {form.isSubmitting ? <span className="text-sm text-neutral-500">Starting…</span> : null}
          </div>
        </form>

        <div className="lg:sticky lg:top-4 lg:self-start">
          <RestorePlanPanel plan={refusal ? { state: "refused", refusal } : form.live.state} backups={backups} nearest={nearest} />
        </div>
      </div>
    </div>
  );
}
