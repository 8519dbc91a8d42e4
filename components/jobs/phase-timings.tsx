import { formatDuration } from "@/components/ui/format";

/** How long each phase of a job took, with an optional note (bytes moved), as one row of figures. */
export function PhaseTimings({ label, rows }: { label: string; rows: readonly [term: string, ms: number | null, note: string | null][] }) {
  return (
    <dl
      aria-label={label}
      className="grid grid-cols-2 gap-x-6 gap-y-1 rounded border border-neutral-200 bg-white px-3 py-2.5 text-sm sm:grid-cols-4"
    >
      {rows.map(([term, ms, note]) => (
        <div key={term}>
          <dt className="text-xs uppercase tracking-wide text-neutral-500">{term}</dt>
          <dd className="tabular-nums">
            {formatDuration(ms)}
            {note ? <span className="text-neutral-500"> ({note})</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
