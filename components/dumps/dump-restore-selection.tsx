"use client";

import type { TableName } from "@/lib/domain/dump-toc";
import { tableKey, toggled, type DumpRestoreChoices } from "@/components/dumps/dump-restore-choices";

/** "What to restore": the whole dump, or schemas (everything in them) and single tables from its table of contents. */
export function DumpRestoreSelection({
  tables,
  choices,
  update,
  error,
}: {
  tables: readonly TableName[];
  choices: DumpRestoreChoices;
  update: (patch: Partial<DumpRestoreChoices>) => void;
  error: string | undefined;
}) {
  const bySchema = new Map<string, TableName[]>();
  for (const t of tables) bySchema.set(t.schema, [...(bySchema.get(t.schema) ?? []), t]);
  const { whole, schemas } = choices;

  return (
    <fieldset className="space-y-2">
      <legend className="mb-1 font-medium text-neutral-800">What to restore</legend>
      <label className="flex items-center gap-2">
        <input type="radio" name="restore-scope" checked={whole} onChange={() => update({ whole: true })} />
        <span>The whole dump</span>
      </label>
      <label className="flex items-center gap-2">
        <input type="radio" name="restore-scope" checked={!whole} onChange={() => update({ whole: false })} />
        <span>Chosen schemas and tables</span>
      </label>
      {!whole ? (
        <div className="max-h-80 space-y-2 overflow-auto rounded border border-neutral-200 px-3 py-2">
          {[...bySchema.entries()].map(([schema, list]) => (
            <div key={schema}>
              <label className="flex items-center gap-2 font-medium">
                <input
                  type="checkbox"
                  checked={schemas.has(schema)}
                  onChange={(e) => update({ schemas: toggled(schemas, schema, e.target.checked) })}
                />
                <span>Schema {schema} (everything in it)</span>
              </label>
              <ul className="mt-1 ml-6 space-y-0.5">
                {list.map((t) => (
                  <li key={tableKey(t)}>
                    <label className="flex items-center gap-2">
                      <input
                        type="checkbox"
                        disabled={schemas.has(schema)}
                        checked={schemas.has(schema) || choices.tables.has(tableKey(t))}
                        onChange={(e) => update({ tables: toggled(choices.tables, tableKey(t), e.target.checked) })}
                      />
                      <span className="font-mono text-xs">
                        {t.schema}.{t.name}
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            </div>
          ))}
          {error ? <p className="text-xs text-red-700">{error}</p> : null}
        </div>
      ) : null}
    </fieldset>
  );
}
