"use client";

import { useState } from "react";
import { useForm, useWatch, type FieldErrors, type Resolver, type UseFormRegisterReturn } from "react-hook-form";
import {
  channelCreateInput,
  PAGING_REGIONS,
  SMTP_SECURITY,
  splitRecipients,
  WEBHOOK_FORMATS,
  type ChannelCreateInput,
  type ChannelKind,
} from "@/lib/domain/notification-input";
import type { ClusterView } from "@/lib/clusters/cluster-view";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { FormField, inputClass } from "@/components/ui/form-field";
import { placeFormErrors } from "@/components/ui/server-errors";
import { ChannelCoverageFields } from "@/components/notifications/channel-coverage-fields";

/** The form's fields: every kind's inputs as text; `to` is typed as one line of addresses. */
export interface ChannelFormValues {
  kind: ChannelKind;
  name: string;
  severities: string[];
  clusterIds: string[];
  url: string;
  format: (typeof WEBHOOK_FORMATS)[number];
  host: string;
  port: string;
  security: (typeof SMTP_SECURITY)[number];
  username: string;
  password: string;
  from: string;
  to: string;
  routingKey: string;
  apiKey: string;
  region: (typeof PAGING_REGIONS)[number];
}

/** The API body for these values: only the chosen kind's fields. */
/** A new channel's form: every kind's fields blank, so switching kind never leaves one undefined. */
export const CHANNEL_FORM_DEFAULTS: ChannelFormValues = {
  kind: "webhook",
  name: "",
  severities: ["warning", "critical"],
  clusterIds: [],
  url: "",
  format: "json",
  host: "",
  port: "587",
  security: "starttls",
  username: "",
  password: "",
  from: "",
  to: "",
  routingKey: "",
  apiKey: "",
  region: "us",
};

export function toChannelBody(v: ChannelFormValues): unknown {
  const common = { kind: v.kind, name: v.name, severities: v.severities, clusterIds: v.clusterIds };
  switch (v.kind) {
    case "webhook":
      return { ...common, url: v.url, format: v.format };
    case "pagerduty":
      return { ...common, routingKey: v.routingKey, region: v.region };
    case "opsgenie":
      return { ...common, apiKey: v.apiKey, region: v.region };
    case "teams":
    case "discord":
      return { ...common, url: v.url };
    case "email":
      return {
        ...common,
        host: v.host,
        port: v.port,
        security: v.security,
        username: v.username || undefined,
        password: v.password || undefined,
        from: v.from,
        to: splitRecipients(v.to),
      };
  }
}

// Validated with the API's own schema (channelCreateInput); its `to` errors belong under the text field.
const resolver: Resolver<ChannelFormValues, unknown, ChannelCreateInput> = async (values) => {
  const r = channelCreateInput.safeParse(toChannelBody(values));
  if (r.success) return { values: r.data, errors: {} };
  const errors: Record<string, { type: string; message: string }> = {};
  for (const i of r.error.issues) {
    const key = String(i.path[0] ?? "name");
    errors[key] ??= { type: "validation", message: i.message };
  }
  return { values: {}, errors: errors as FieldErrors<ChannelFormValues> };
};

const FIELDS = [
  "kind",
  "name",
  "severities",
  "clusterIds",
  "url",
  "format",
  "host",
  "port",
  "security",
  "username",
  "password",
  "from",
  "to",
  "routingKey",
  "apiKey",
  "region",
] as const;

/** What the URL field asks for, by kind. */
const URL_HINT: Partial<Record<ChannelKind, string>> = {
  webhook: "Stored encrypted and never shown again (it usually holds a token).",
  teams: "The URL of a Teams workflow “When a Teams webhook request is received” (it holds its signature). Stored encrypted.",
  discord: "Channel settings → Integrations → Webhooks → Copy Webhook URL. Stored encrypted.",
};

export function ChannelForm({
  clusters,
  onSubmit,
  onCancel,
}: {
  clusters: readonly ClusterView[];
  onSubmit: (body: ChannelCreateInput) => Promise<void>;
  onCancel: () => void;
}) {
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isSubmitting },
  } = useForm<ChannelFormValues, unknown, ChannelCreateInput>({
    resolver,
    defaultValues: CHANNEL_FORM_DEFAULTS,
  });
  const kind = useWatch({ control, name: "kind" });
  const submit = handleSubmit(async (body) => {
    setFormError(null);
    try {
      await onSubmit(body);
    } catch (err) {
      setFormError(placeFormErrors(err, FIELDS, setError));
    }
  });

  return (
    <form
      noValidate
      aria-label="New notification channel"
      onSubmit={(e) => void submit(e)}
      className="max-w-2xl space-y-4 rounded border border-neutral-200 bg-white p-4"
    >
      <ErrorAlert message={formError} />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <FormField id="channel-name" label="Name" error={errors.name?.message}>
          {(a) => <input {...a} type="text" autoComplete="off" className={inputClass} {...register("name")} />}
        </FormField>
        <FormField id="channel-kind" label="Kind" error={errors.kind?.message}>
          {(a) => (
            <select {...a} className={inputClass} {...register("kind")}>
              <option value="webhook">Webhook (HTTP POST)</option>
              <option value="email">Email (SMTP)</option>
              <option value="pagerduty">PagerDuty</option>
              <option value="opsgenie">Opsgenie</option>
              <option value="teams">Microsoft Teams</option>
              <option value="discord">Discord</option>
            </select>
          )}
        </FormField>
      </div>
      {kind === "webhook" || kind === "teams" || kind === "discord" ? (
        <div className={`grid grid-cols-1 gap-4 ${kind === "webhook" ? "sm:grid-cols-[1fr_12rem]" : ""}`}>
          <FormField id="channel-url" label={kind === "webhook" ? "URL" : "Webhook URL"} error={errors.url?.message} hint={URL_HINT[kind]}>
            {(a) => (
              <input {...a} type="url" autoComplete="off" spellCheck={false} className={`${inputClass} font-mono`} {...register("url")} />
            )}
          </FormField>
          {kind === "webhook" ? (
            <FormField id="channel-format" label="Payload" error={errors.format?.message}>
              {(a) => (
                <select {...a} className={inputClass} {...register("format")}>
                  <option value="json">Wayback JSON</option>
                  <option value="slack">Slack-compatible</option>
                </select>
              )}
            </FormField>
          ) : null}
        </div>
      ) : kind === "pagerduty" || kind === "opsgenie" ? (
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-[1fr_12rem]">
          {kind === "pagerduty" ? (
            <KeyField
              id="channel-routing-key"
              label="Integration key"
              error={errors.routingKey?.message}
              hint="Service → Integrations → Events API v2: the 32-character integration (routing) key. Stored encrypted."
              {...register("routingKey")}
            />
          ) : (
            <KeyField
              id="channel-api-key"
              label="API key"
              error={errors.apiKey?.message}
              hint="The API key of an API integration in Opsgenie (Create and Update access). Stored encrypted."
              {...register("apiKey")}
            />
          )}
          <FormField id="channel-region" label="Service region" error={errors.region?.message}>
            {(a) => (
              <select {...a} className={inputClass} {...register("region")}>
                <option value="us">US</option>
                <option value="eu">EU</option>
              </select>
            )}
          </FormField>
        </div>
      ) : (
        <>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-[1fr_7rem_10rem]">
            <FormField id="channel-host" label="SMTP host" error={errors.host?.message}>
              {(a) => (
                <input
                  {...a}
                  type="text"
                  autoComplete="off"
                  spellCheck={false}
                  className={`${inputClass} font-mono`}
                  {...register("host")}
                />
              )}
            </FormField>
            <FormField id="channel-port" label="Port" error={errors.port?.message}>
              {(a) => <input {...a} type="number" inputMode="numeric" className={inputClass} {...register("port")} />}
            </FormField>
            <FormField id="channel-security" label="Security" error={errors.security?.message}>
              {(a) => (
                <select {...a} className={inputClass} {...register("security")}>
                  <option value="starttls">STARTTLS (587)</option>
                  <option value="tls">TLS (465)</option>
                  <option value="none">None</option>
                </select>
              )}
            </FormField>
          </div>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <FormField id="channel-username" label="SMTP user" error={errors.username?.message} hint="Empty: no authentication.">
              {(a) => <input {...a} type="text" autoComplete="off" className={inputClass} {...register("username")} />}
            </FormField>
            <FormField id="channel-password" label="SMTP password" error={errors.password?.message} hint="Stored encrypted.">
              {(a) => <input {...a} type="password" autoComplete="new-password" className={inputClass} {...register("password")} />}
            </FormField>
            <FormField id="channel-from" label="From" error={errors.from?.message}>
              {(a) => <input {...a} type="email" className={inputClass} {...register("from")} />}
            </FormField>
            <FormField id="channel-to" label="To" error={errors.to?.message} hint="Addresses separated by commas.">
              {(a) => <input {...a} type="text" className={inputClass} {...register("to")} />}
            </FormField>
          </div>
        </>
      )}
      <ChannelCoverageFields
        severities={register("severities")}
        clusterIds={register("clusterIds")}
        clusters={clusters}
        errors={{ severities: errors.severities?.message, clusterIds: errors.clusterIds?.message }}
      />
      <div className="flex items-center gap-2 border-t border-neutral-200 pt-4">
        <button type="submit" className={buttonClass("primary")} disabled={isSubmitting}>
          Add channel
        </button>
        <button type="button" className={buttonClass("secondary")} onClick={onCancel} disabled={isSubmitting}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** A service's key: typed, never shown, never spell-checked or filled in by the browser. */
function KeyField({
  id,
  label,
  error,
  hint,
  ...registration
}: { id: string; label: string; error?: string; hint: string } & UseFormRegisterReturn) {
  return (
    <FormField id={id} label={label} error={error} hint={hint}>
      {(a) => (
        <input {...a} type="password" autoComplete="off" spellCheck={false} className={`${inputClass} font-mono`} {...registration} />
      )}
    </FormField>
  );
}
