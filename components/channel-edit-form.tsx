"use client";

import { useState } from "react";
import { useForm, type FieldErrors, type Resolver } from "react-hook-form";
import { channelUpdateInput, SEVERITIES, type ChannelUpdateInput } from "@/lib/domain/notification-input";
import type { ChannelView } from "@/lib/views/channel-view";
import type { ClusterView } from "@/lib/views/cluster-view";
import { ErrorAlert } from "@/components/alert";
import { buttonClass } from "@/components/button-styles";
import { FormField, inputClass } from "@/components/form-field";
import { placeServerErrors } from "@/components/server-errors";

interface EditValues {
  severities: string[];
  clusterIds: string[];
  /** A new webhook URL or SMTP password; empty keeps the stored one. */
  secret: string;
}

/** PATCH body: filters always, the secret only when a new one was typed. */
function toBody(kind: ChannelView["kind"], v: EditValues): unknown {
  const body: Record<string, unknown> = { severities: v.severities, clusterIds: v.clusterIds };
  if (v.secret) body[kind === "webhook" ? "url" : "password"] = v.secret;
  return body;
}

/** Changes what a channel covers (severities, clusters) and replaces its secret; validated with the API's schema. */
export function ChannelEditForm({ channel, clusters, onSubmit, onCancel }: { channel: ChannelView; clusters: readonly ClusterView[]; onSubmit: (body: ChannelUpdateInput) => Promise<void>; onCancel: () => void }) {
  const secretField = channel.kind === "webhook" ? "url" : "password";
  const resolver: Resolver<EditValues, unknown, ChannelUpdateInput> = async (values) => {
    const r = channelUpdateInput.safeParse(toBody(channel.kind, values));
    if (r.success) return { values: r.data, errors: {} };
    const errors: Record<string, { type: string; message: string }> = {};
    for (const i of r.error.issues) {
      const key = i.path[0] === secretField ? "secret" : String(i.path[0]);
      errors[key] ??= { type: "validation", message: i.message };
    }
    return { values: {}, errors: errors as FieldErrors<EditValues> };
  };
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<EditValues, unknown, ChannelUpdateInput>({ resolver, defaultValues: { severities: channel.severities, clusterIds: channel.clusterIds, secret: "" } });
  const submit = handleSubmit(async (body) => {
    setFormError(null);
    try {
      await onSubmit(body);
    } catch (err) {
      setFormError(
        placeServerErrors(err, (field, message) => {
          const key = field === secretField ? "secret" : field;
          if (key !== "secret" && key !== "severities" && key !== "clusterIds") return false;
          setError(key, { type: "server", message });
          return true;
        }),
      );
    }
  });
  return (
    <form noValidate aria-label={`Edit channel ${channel.name}`} onSubmit={(e) => void submit(e)} className="mt-2 space-y-3 border-t border-neutral-200 pt-3">
      <ErrorAlert message={formError} />
      <fieldset>
        <legend className="text-sm font-medium text-neutral-800">Severities</legend>
        <div className="mt-1 flex gap-4 text-sm">
          {SEVERITIES.map((s) => (
            <label key={s} className="flex items-center gap-1.5">
              <input type="checkbox" value={s} className="size-4 accent-neutral-900" {...register("severities")} />
              {s}
            </label>
          ))}
        </div>
        {errors.severities?.message ? <p className="mt-1 text-sm text-red-700">{errors.severities.message}</p> : null}
      </fieldset>
      <fieldset>
        <legend className="text-sm font-medium text-neutral-800">Clusters</legend>
        <p className="text-xs text-neutral-500">None ticked: every cluster.</p>
        <div className="mt-1 flex flex-wrap gap-4 text-sm">
          {clusters.map((c) => (
            <label key={c.id} className="flex items-center gap-1.5">
              <input type="checkbox" value={c.id} className="size-4 accent-neutral-900" {...register("clusterIds")} />
              {c.name}
            </label>
          ))}
        </div>
        {errors.clusterIds?.message ? <p className="mt-1 text-sm text-red-700">{errors.clusterIds.message}</p> : null}
      </fieldset>
      <FormField
        id={`channel-secret-${channel.id}`}
        label={channel.kind === "webhook" ? "New URL" : "New SMTP password"}
        error={errors.secret?.message}
        hint="Leave empty to keep the stored one."
      >
        {(a) => <input {...a} type={channel.kind === "webhook" ? "url" : "password"} autoComplete="off" className={inputClass} {...register("secret")} />}
      </FormField>
      <div className="flex gap-2">
        <button type="submit" className={buttonClass("primary")} disabled={isSubmitting}>
          Save
        </button>
        <button type="button" className={buttonClass("secondary")} onClick={onCancel} disabled={isSubmitting}>
          Cancel
        </button>
      </div>
    </form>
  );
}
