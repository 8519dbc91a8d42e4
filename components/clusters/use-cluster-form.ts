"use client";

import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { RepositoryView } from "@/lib/repositories/repository-view";
import { placeFormErrors } from "@/components/ui/server-errors";
import {
  CLUSTER_FORM_DEFAULTS,
  CLUSTER_FORM_FIELDS,
  clusterFormSchema,
  type ClusterFormInput,
  type ClusterFormValues,
} from "@/components/clusters/cluster-form-schema";

/**
 * The cluster form's state: the values (new clusters default to the first repository), the
 * server's refusal placed under its fields or in `formError`, and whether the form is busy.
 */
export function useClusterForm({
  defaultValues,
  repositories,
  onSubmit,
}: {
  defaultValues?: Partial<ClusterFormInput>;
  repositories: readonly RepositoryView[];
  onSubmit: (values: ClusterFormValues) => Promise<void>;
}) {
  const [formError, setFormError] = useState<string | null>(null);
  const initialRepositoryId = defaultValues?.repositoryId ?? repositories[0]?.id ?? "";
  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isSubmitting, isSubmitSuccessful },
  } = useForm<ClusterFormInput, unknown, ClusterFormValues>({
    resolver: zodResolver(clusterFormSchema),
    defaultValues: { ...CLUSTER_FORM_DEFAULTS, ...defaultValues, repositoryId: initialRepositoryId },
  });
  const removePassword = useWatch({ control, name: "removePassword" });
  const engine = useWatch({ control, name: "engine" });

  const submit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await onSubmit(values);
    } catch (err) {
      setFormError(placeFormErrors(err, CLUSTER_FORM_FIELDS, setError));
      // Re-throw so react-hook-form marks the submission unsuccessful.
      throw err;
    }
  });

  return {
    register,
    errors,
    submit,
    formError,
    removePassword,
    engine,
    initialRepositoryId,
    isSubmitting,
    busy: isSubmitting || isSubmitSuccessful,
  };
}
