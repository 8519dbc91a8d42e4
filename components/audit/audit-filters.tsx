"use client";

import { useState } from "react";
import { AUDIT_OUTCOMES, type AuditOutcome } from "@/lib/domain/audit-input";
import type { AuditFilters } from "@/components/audit/audit-queries";
import { parseLocalInput } from "@/components/ui/format";
import { inputClass } from "@/components/ui/form-field";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";

/** The audit page's filters: user name, action, outcome and a time range in local time. */
export function useAuditFilterState() {
  const [user, setUser] = useState("");
  const [action, setAction] = useState("");
  const [outcome, setOutcome] = useState<AuditOutcome | "">("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const settledUser = useDebouncedValue(user.trim(), 300);
  const fromParse = from.trim() ? parseLocalInput(from) : null;
  const toParse = to.trim() ? parseLocalInput(to) : null;
  const filters: AuditFilters = {
    user: settledUser || undefined,
    action: action || undefined,
    outcome: outcome || undefined,
    from: fromParse?.ok ? fromParse.date.toISOString() : undefined,
    to: toParse?.ok ? toParse.date.toISOString() : undefined,
  };
  const fields = {
    user,
    setUser,
    action,
    setAction,
    outcome,
    setOutcome,
    from,
    setFrom,
    to,
    setTo,
    fromError: fromParse?.ok === false ? fromParse.message : null,
    toError: toParse?.ok === false ? toParse.message : null,
  };
  return { filters, fields };
}

export function AuditFilterForm({
  actions,
  fields: f,
}: {
  actions: readonly string[];
  fields: ReturnType<typeof useAuditFilterState>["fields"];
}) {
  return (
    <form className="mb-4 flex flex-wrap items-start gap-3 text-sm" onSubmit={(e) => e.preventDefault()} aria-label="Filter the audit log">
      <label className="flex flex-col gap-1">
        <span className="text-neutral-700">User</span>
        <input
          type="text"
          className={`${inputClass} w-40`}
          value={f.user}
          onChange={(e) => f.setUser(e.target.value)}
          placeholder="Any"
          spellCheck={false}
        />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-neutral-700">Action</span>
        <select className={inputClass} value={f.action} onChange={(e) => f.setAction(e.target.value)}>
          <option value="">All actions</option>
          {actions.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-neutral-700">Outcome</span>
        <select className={inputClass} value={f.outcome} onChange={(e) => f.setOutcome(e.target.value as AuditOutcome | "")}>
          <option value="">Any outcome</option>
          {AUDIT_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <TimeField label="From" value={f.from} onChange={f.setFrom} error={f.fromError} />
      <TimeField label="To" value={f.to} onChange={f.setTo} error={f.toError} />
    </form>
  );
}

function TimeField({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error: string | null;
}) {
  const id = `audit-${label.toLowerCase()}`;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-neutral-700">
        {label}
      </label>
      <input
        id={id}
        type="text"
        className={`${inputClass} w-48`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder="YYYY-MM-DD HH:MM"
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <p id={`${id}-error`} className="max-w-48 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
