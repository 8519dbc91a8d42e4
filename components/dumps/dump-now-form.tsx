"use client";

import { useState } from "react";
import { parseNameList, parseTableList } from "@/lib/domain/dump-args";
import type { DumpView } from "@/lib/dumps/dump-view";
import { ApiError, errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { useDumpNow } from "@/components/dumps/dump-queries";
import { FORMAT_LABELS } from "@/components/dumps/dump-status";
import { FormField, inputClass } from "@/components/ui/form-field";

/**
 * "Dump now": which database, the archive format (parallel jobs for directory), compression,
 * whether roles and tablespaces come along, and schemas or tables to include or leave out.
 */
export function DumpNowForm({ clusterId, defaultDatabase, busy }: { clusterId: string; defaultDatabase: string; busy: boolean }) {
  const dumpNow = useDumpNow(clusterId);
  const [database, setDatabase] = useState(defaultDatabase);
  const [format, setFormat] = useState<DumpView["format"]>("custom");
  const [jobs, setJobs] = useState("2");
  const [compress, setCompress] = useState("");
  const [globals, setGlobals] = useState(true);
  const [more, setMore] = useState(false);
  const [includeSchemas, setIncludeSchemas] = useState("");
  const [excludeSchemas, setExcludeSchemas] = useState("");
  const [includeTables, setIncludeTables] = useState("");
  const [excludeTables, setExcludeTables] = useState("");
  const [localError, setLocalError] = useState<Record<string, string>>({});

  const fieldError = (name: string) =>
    localError[name] ?? (dumpNow.error instanceof ApiError ? dumpNow.error.fields[name]?.[0] : undefined);

  const submit = () => {
    const inc = parseTableList(includeTables);
    const exc = parseTableList(excludeTables);
    const errors: Record<string, string> = {};
    if (!inc.ok) errors.includeTables = inc.message;
    if (!exc.ok) errors.excludeTables = exc.message;
    setLocalError(errors);
    if (!inc.ok || !exc.ok) return;
    dumpNow.mutate({
      database,
      format,
      jobs: format === "directory" ? Number(jobs) : 1,
      compressLevel: compress === "" || format === "plain" ? null : Number(compress),
      globals,
      includeSchemas: parseNameList(includeSchemas),
      excludeSchemas: parseNameList(excludeSchemas),
      includeTables: inc.tables,
      excludeTables: exc.tables,
    });
  };

  return (
    <form
      aria-label="Dump now"
      className="space-y-3 rounded border border-neutral-200 bg-white px-3 py-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="flex flex-wrap items-end gap-3">
        <FormField id="dump-database" label="Database" error={fieldError("database")} className="w-56">
          {(p) => <input {...p} className={inputClass} value={database} onChange={(e) => setDatabase(e.target.value)} required />}
        </FormField>
        <FormField id="dump-format" label="Format" className="w-48">
          {(p) => (
            <select {...p} className={inputClass} value={format} onChange={(e) => setFormat(e.target.value as DumpView["format"])}>
              {Object.entries(FORMAT_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </FormField>
        {format === "directory" ? (
          <FormField id="dump-jobs" label="Parallel jobs" error={fieldError("jobs")} className="w-28">
            {(p) => (
              <input {...p} type="number" min={1} max={16} className={inputClass} value={jobs} onChange={(e) => setJobs(e.target.value)} />
            )}
          </FormField>
        ) : null}
        {format !== "plain" ? (
          <FormField id="dump-compress" label="Compression" className="w-40">
            {(p) => (
              <select {...p} className={inputClass} value={compress} onChange={(e) => setCompress(e.target.value)}>
                <option value="">pg_dump default</option>
                <option value="0">None</option>
                {[1, 3, 6, 9].map((n) => (
                  <option key={n} value={String(n)}>
                    gzip level {n}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        ) : null}
        <label className="flex items-center gap-2 pb-1.5">
          <input type="checkbox" checked={globals} onChange={(e) => setGlobals(e.target.checked)} />
          <span>Roles and tablespaces too (pg_dumpall --globals-only)</span>
        </label>
      </div>
      <button type="button" className="text-sky-800 hover:underline" aria-expanded={more} onClick={() => setMore(!more)}>
        {more ? "Fewer options" : "Choose schemas and tables…"}
      </button>
      {more ? (
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <FormField
            id="dump-include-schemas"
            label="Only these schemas"
            hint="One per line, exactly as named."
            error={fieldError("includeSchemas")}
          >
            {(p) => (
              <textarea {...p} rows={3} className={inputClass} value={includeSchemas} onChange={(e) => setIncludeSchemas(e.target.value)} />
            )}
          </FormField>
          <FormField id="dump-exclude-schemas" label="Leave out these schemas" hint="One per line." error={fieldError("excludeSchemas")}>
            {(p) => (
              <textarea {...p} rows={3} className={inputClass} value={excludeSchemas} onChange={(e) => setExcludeSchemas(e.target.value)} />
            )}
          </FormField>
          <FormField
            id="dump-include-tables"
            label="Only these tables"
            hint={'One schema.table per line; quote a name with dots: "my.schema".table'}
            error={fieldError("includeTables")}
          >
            {(p) => (
              <textarea {...p} rows={3} className={inputClass} value={includeTables} onChange={(e) => setIncludeTables(e.target.value)} />
            )}
          </FormField>
          <FormField
            id="dump-exclude-tables"
            label="Leave out these tables"
            hint="One schema.table per line."
            error={fieldError("excludeTables")}
          >
            {(p) => (
              <textarea {...p} rows={3} className={inputClass} value={excludeTables} onChange={(e) => setExcludeTables(e.target.value)} />
            )}
          </FormField>
        </div>
      ) : null}
      <div className="flex items-center gap-3">
        <button
          type="submit"
          className={buttonClass("primary")}
          disabled={busy || dumpNow.isPending}
          title={busy ? "A dump of this cluster is running." : undefined}
        >
          Dump now
        </button>
        {busy ? <span className="text-neutral-600">A dump of this cluster is running.</span> : null}
      </div>
      {dumpNow.isError ? <ErrorAlert title="The dump did not start." message={errorMessage(dumpNow.error)} /> : null}
    </form>
  );
}
