"use client";

import { useState } from "react";
import { useForm, type FieldErrors, type Resolver } from "react-hook-form";
import { channelUpdateInput, SECRET_FIELD, type ChannelKind, type ChannelUpdateInput } from "@/lib/domain/notification-input";
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
  /** A new URL, SMTP password or service key; empty keeps the stored one. */
  secret: string;
  /** PagerDuty and Opsgenie only. */
  region: "us" | "eu";
}

/** How the secret field is labelled and typed, by kind. */
const SECRET_INPUT: Record<ChannelKind, { label: string; type: "url" | "password" }> = {
  webhook: { label: "New URL", type: "url" },
  email: { label: "New SMTP password", type: "password" },
  pagerduty: { label: "New integration key", type: "password" },
  opsgenie: { label: "New API key", type: "password" },
  teams: { label: "New workflow URL", type: "url" },
  discord: { label: "New webhook URL", type: "url" },
};

const hasRegion = (kind: ChannelKind) => kind === "pagerduty" || kind === "opsgenie";

/** PATCH body: filters always (and the region of a paging channel), the secret only when a new one was typed. */
function toBody(kind: ChannelKind, v: EditValues): unknown {
  const body: Record<string, unknown> = { severities: v.severities, clusterIds: v.clusterIds };
  if (hasRegion(kind)) body.region = v.region;
  if (v.secret) body[SECRET_FIELD[kind]] = v.secret;
  return body;
}

/** Changes what a channel covers (severities, clusters), a paging channel's region, and replaces its secret; validated with the API's schema. */
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
  const secretField = SECRET_FIELD[channel.kind];
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
    defaultValues: { severities: channel.severities, clusterIds: channel.clusterIds, secret: "", region: channel.paging?.region ?? "us" },
  });
  const submit = handleSubmit(async (body) => {
    setFormError(null);
    try {
      await onSubmit(body);
    } catch (err) {
      setFormError(
        placeServerErrors(err, (field, message) => {
          const key = field === secretField ? "secret" : field;
          if (key !== "secret" && key !== "severities" && key !== "clusterIds" && key !== "region") return false;
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
      {hasRegion(channel.kind) ? (
        <FormField id={`channel-region-${channel.id}`} label="Service region" error={errors.region?.message}>
          {(a) => (
            <select {...a} className={inputClass} {...register("region")}>
              <option value="us">US</option>
              <option value="eu">EU</option>
            </select>
          )}
        </FormField>
      ) : null}
      <FormField
        id={`channel-secret-${channel.id}`}
        label={SECRET_INPUT[channel.kind].label}
        error={errors.secret?.message}
        hint="Leave empty to keep the stored one."
      >
        {(a) => <input {...a} type={SECRET_INPUT[channel.kind].type} autoComplete="off" className={inputClass} {...register("secret")} />}
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
