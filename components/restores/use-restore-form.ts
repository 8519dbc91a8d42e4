"use client";

import { useState } from "react";
import { useForm, useWatch, type FieldPath } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { placeServerErrors } from "@/components/ui/server-errors";
import { formatLocalInput } from "@/components/ui/format";
import type { TimelinePick } from "@/components/restores/restore-links";
import { restoreFormSchema, TARGET_FIELD, type RestoreFormInput, type RestoreRequestBody } from "@/components/restores/restore-form-schema";
import { restoreRefusal, type RestoreRefusal } from "@/components/restores/restore-refusal";
import { useLivePlan } from "@/components/restores/use-live-plan";

const FORM_PATHS = new Set([
  "target.kind",
  "target.time",
  "target.inclusive",
  "target.name",
  "target.lsn",
  "target.xid",
  "target.backupId",
  "backupId",
  "destination.dataDir",
  "destination.port",
  "destination.confirm",
  "pauseAtTarget",
  "timeline",
  "workerHost",
]);
const isFormPath = (p: string): p is FieldPath<RestoreFormInput> => FORM_PATHS.has(p);

/**
 * The restore form's state: the values as typed, the server's dry run on them (useLivePlan), a
 * refusal from "Start restore" (it counts until the values change; otherwise the live plan's), the
 * message for each control, and filling the target from a picked moment or restore point.
 */
export function useRestoreForm({
  clusterId,
  defaultValues,
  onSubmit,
}: {
  clusterId: string;
  defaultValues: RestoreFormInput;
  onSubmit: (body: RestoreRequestBody) => Promise<void>;
}) {
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
    const own = path.split(".").reduce<unknown>((e, k) => (e as Record<string, unknown> | undefined)?.[k], errors) as
      { message?: string } | undefined;
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

  return {
    register,
    values,
    live,
    refusal,
    errorFor,
    fillMoment,
    fillPick,
    submit,
    formError,
    isSubmitting,
    busy: isSubmitting || isSubmitSuccessful,
  };
}
