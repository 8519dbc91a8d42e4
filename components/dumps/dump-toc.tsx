import type { DumpDetailView } from "@/lib/dumps/dump-view";

/** The archive's table of contents: entries per type, and every entry on demand. */
export function DumpToc({ toc, summary }: { toc: NonNullable<DumpDetailView["toc"]>; summary: Record<string, number> | null }) {
  const counts = Object.entries(summary ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="space-y-2 text-sm">
      <ul aria-label="Entries per type" className="flex flex-wrap gap-2">
        {counts.map(([type, n]) => (
          <li key={type} className="rounded bg-neutral-100 px-2 py-0.5 text-xs">
            <span className="font-medium">{type}</span> <span className="tabular-nums">{n}</span>
          </li>
        ))}
      </ul>
      <details>
        <summary className="cursor-pointer text-sky-800">All {toc.entries.length} entries</summary>
        <div className="mt-2 max-h-96 overflow-auto rounded border border-neutral-200 bg-white">
          <table className="w-full text-left text-xs">
            <caption className="sr-only">Table of contents</caption>
            <thead className="sticky top-0 border-b border-neutral-200 bg-neutral-50 uppercase tracking-wide text-neutral-500">
              <tr>
                <th scope="col" className="px-3 py-1.5 font-medium">
                  Type
                </th>
                <th scope="col" className="px-3 py-1.5 font-medium">
                  Schema
                </th>
                <th scope="col" className="px-3 py-1.5 font-medium">
                  Name
                </th>
                <th scope="col" className="px-3 py-1.5 font-medium">
                  Owner
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-neutral-100">
              {toc.entries.map((e) => (
                <tr key={e.id}>
                  <td className="px-3 py-1 whitespace-nowrap">{e.type}</td>
                  <td className="px-3 py-1 font-mono break-all">{e.schema ?? "—"}</td>
                  <td className="px-3 py-1 font-mono break-all">{e.name}</td>
                  <td className="px-3 py-1 font-mono">{e.owner}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
