"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { stanzaImportInput, type StanzaImportInput } from "@/lib/domain/stanza-import-input";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { codeInputProps, FormField } from "@/components/ui/form-field";
import { placeFormErrors } from "@/components/ui/server-errors";
import { useImportStanza } from "@/components/pgbackrest/stanza-queries";

/**
 * "Import an existing stanza": a Wayback-engine cluster without backups takes over a stanza
 * pgBackRest already runs, by its config path and name. Validated with the API's own schema; the
 * server's refusals (a cluster with backups, a stanza pgBackRest cannot read) show in the form.
 */
export function ImportStanzaForm({ clusterId }: { clusterId: string }) {
  const importStanza = useImportStanza(clusterId);
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<StanzaImportInput>({ resolver: zodResolver(stanzaImportInput), defaultValues: { configPath: "", stanzaName: "" } });

  const submit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await importStanza.mutateAsync(values);
    } catch (err) {
      setFormError(placeFormErrors(err, ["configPath", "stanzaName"], setError));
    }
  });

  return (
    <form
      noValidate
      aria-labelledby="import-stanza-heading"
      onSubmit={(e) => void submit(e)}
      className="max-w-2xl space-y-3 rounded border border-neutral-200 bg-white px-4 py-3"
    >
      <h3 id="import-stanza-heading" className="text-sm font-semibold text-neutral-800">
        Import an existing stanza
      </h3>
      <p className="text-sm text-neutral-600">
        Back this cluster up with a pgBackRest stanza you already run: Wayback reads its backups and archive and never changes the stanza,
        its config or its repository. Only a cluster without backups can switch.
      </p>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <FormField
          id="stanza-config-path"
          label="Config path"
          error={errors.configPath?.message}
          hint="The stanza's pgbackrest.conf on the worker's host."
        >
          {(a) => <input {...a} {...codeInputProps} placeholder="/etc/pgbackrest/pgbackrest.conf" {...register("configPath")} />}
        </FormField>
        <FormField id="stanza-name" label="Stanza name" error={errors.stanzaName?.message}>
          {(a) => <input {...a} {...codeInputProps} placeholder="main" {...register("stanzaName")} />}
        </FormField>
      </div>
      <ErrorAlert title="The stanza was not imported." message={formError} />
      <div className="flex items-center gap-2">
        <button type="submit" className={buttonClass("secondary")} disabled={isSubmitting}>
          Import stanza
        </button>
        {isSubmitting ? <span className="text-sm text-neutral-500">Reading the stanza…</span> : null}
      </div>
    </form>
  );
}
