"use client";

import { useState } from "react";
import { retentionPreviewInput, type PolicyFormValues } from "@/lib/domain/policy-input";
import { ErrorAlert } from "@/components/ui/alert";
import { useClusters } from "@/components/clusters/cluster-queries";
import { useRetentionPreview } from "@/components/policies/policy-queries";
import { RetentionPreview } from "@/components/policies/retention-preview";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";

/** The live dry run: the form's retention fields against the chosen cluster's backups, as they are typed. */
export function PolicyPreviewPanel({ values, preferred }: { values: Partial<PolicyFormValues>; preferred: string | null }) {
  const clusters = useClusters();
  const [chosen, setChosen] = useState<string | null>(null);
  // A policy's own cluster first: that is whose backups its rules will decide about.
  const clusterId = chosen ?? preferred ?? clusters.data?.[0]?.id ?? null;
  const parsed = retentionPreviewInput.safeParse(values);
  const rules = useDebouncedValue(parsed.success ? JSON.stringify(parsed.data) : null, 300);
  const preview = useRetentionPreview(clusterId, rules ? JSON.parse(rules) : null);
  return (
    <section aria-labelledby="preview-heading" className="space-y-3 rounded border border-neutral-200 bg-white p-4">
      <h2 id="preview-heading" className="text-base font-semibold">
        Preview
      </h2>
      <label className="flex flex-col gap-1 text-sm">
        <span className="text-neutral-600">Against the backups of</span>
        <select
          value={clusterId ?? ""}
          onChange={(e) => setChosen(e.target.value)}
          className="rounded border border-neutral-300 px-2 py-1.5"
        >
          {(clusters.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {!parsed.success ? <p className="text-sm text-neutral-500">Fix the retention fields to see the preview.</p> : null}
      <ErrorAlert message={preview.error?.message} />
      {preview.data ? <RetentionPreview preview={preview.data} /> : null}
    </section>
  );
}
