"use client";

import type { PolicyView } from "@/lib/policies/policy-view";

/**
 * Whose retention counts apply in a copy repository: the cluster's policy (value "") or another
 * policy's, e.g. more monthly backups offsite than on the worker's disk.
 */
export function CopyRetentionSelect({
  label,
  value,
  policies,
  disabled,
  onChange,
}: {
  label: string;
  value: string;
  policies: readonly Pick<PolicyView, "id" | "name">[];
  disabled?: boolean;
  onChange: (policyId: string | null) => void;
}) {
  return (
    <select
      aria-label={label}
      className="rounded border border-neutral-300 px-2 py-1.5"
      value={value}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value === "" ? null : e.target.value)}
    >
      <option value="">The cluster&apos;s policy</option>
      {policies.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </select>
  );
}
