"use client";

import Link from "next/link";
import type { RepositoryView } from "@/lib/repositories/repository-view";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { ClusterBackupFields } from "@/components/clusters/cluster-backup-fields";
import { ClusterConnectionFields } from "@/components/clusters/cluster-connection-fields";
import type { ClusterFormInput, ClusterFormValues } from "@/components/clusters/cluster-form-schema";
import { ClusterMonitoringFields } from "@/components/clusters/cluster-monitoring-fields";
import { useClusterForm } from "@/components/clusters/use-cluster-form";

interface ClusterFormProps {
  mode: "create" | "edit";
  defaultValues?: Partial<ClusterFormInput>;
  /** Edit mode: whether the cluster has a password saved now. */
  hasSavedPassword?: boolean;
  /** The repositories to choose from (GET /api/v1/repositories); new clusters default to the first. */
  repositories: readonly RepositoryView[];
  cancelHref: string;
  /** Sends the values; throws ApiError on refusal. The caller navigates away on success. */
  onSubmit: (values: ClusterFormValues) => Promise<void>;
}

/** The form for registering and editing a cluster (values and validation in useClusterForm). */
export function ClusterForm({ mode, defaultValues, hasSavedPassword = false, repositories, cancelHref, onSubmit }: ClusterFormProps) {
  const form = useClusterForm({ defaultValues, repositories, onSubmit });
  const { register, errors } = form;

  return (
    <form
      noValidate
      onSubmit={(e) => {
        // Errors are shown in the form; keep them out of the console as unhandled rejections.
        form.submit(e).catch(() => undefined);
      }}
      className="max-w-2xl space-y-4"
    >
      <ErrorAlert message={form.formError} />
      <ClusterConnectionFields
        register={register}
        errors={errors}
        mode={mode}
        hasSavedPassword={hasSavedPassword}
        removePassword={form.removePassword}
      />
      <ClusterBackupFields
        register={register}
        errors={errors}
        mode={mode}
        repositories={repositories}
        initialRepositoryId={form.initialRepositoryId}
        engine={form.engine}
        importedStanza={defaultValues?.importedStanza ?? false}
      />
      <ClusterMonitoringFields register={register} errors={errors} />

      <div className="flex items-center gap-2 border-t border-neutral-200 pt-4">
        <button type="submit" className={buttonClass("primary")} disabled={form.busy}>
          Save cluster
        </button>
        <Link href={cancelHref} className={buttonClass("secondary")}>
          Cancel
        </Link>
        {form.isSubmitting ? <span className="text-sm text-neutral-500">Saving…</span> : null}
      </div>
    </form>
  );
}
