"use client";

import { useState } from "react";
import { useForm, type FieldErrors, type Resolver } from "react-hook-form";
import { channelUpdateInput, type ChannelUpdateInput } from "@/lib/domain/notification-input";
import type { ChannelView } from "@/lib/notify/channel-view";
import type { ClusterView } from "@/lib/clusters/cluster-view";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { FormField, inputClass } from "@/components/ui/form-field";
import { placeServerErrors } from "@/components/ui/server-errors";
import { ChannelCoverageFields } from "@/components/notifications/channel-coverage-fields";

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
export function ChannelEditForm({
  channel,
  clusters,
  onSubmit,
  onCancel,
}: {
  channel: ChannelView;
  clusters: readonly ClusterView[];
  onSubmit: (body: ChannelUpdateInput) => Promise<void>;
  onCancel: () => void;
}) {
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
  } = useForm<EditValues, unknown, ChannelUpdateInput>({
    resolver,
    defaultValues: { severities: channel.severities, clusterIds: channel.clusterIds, secret: "" },
  });
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
    <form
      noValidate
      aria-label={`Edit channel ${channel.name}`}
      onSubmit={(e) => void submit(e)}
      className="mt-2 space-y-3 border-t border-neutral-200 pt-3"
    >
      <ErrorAlert message={formError} />
      <ChannelCoverageFields
        severities={register("severities")}
        clusterIds={register("clusterIds")}
        clusters={clusters}
        errors={{ severities: errors.severities?.message, clusterIds: errors.clusterIds?.message }}
      />
      <FormField
        id={`channel-secret-${channel.id}`}
        label={channel.kind === "webhook" ? "New URL" : "New SMTP password"}
        error={errors.secret?.message}
        hint="Leave empty to keep the stored one."
      >
        {(a) => (
          <input
            {...a}
            type={channel.kind === "webhook" ? "url" : "password"}
            autoComplete="off"
            className={inputClass}
            {...register("secret")}
          />
        )}
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
