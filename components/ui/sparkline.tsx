/**
 * A small line of the monitor's recent samples (oldest left). Gaps (unreachable, unknown) break
 * the line. The label states the latest and highest values, so the numbers do not depend on seeing it.
 */
export function Sparkline({ label, values, format }: { label: string; values: (number | null)[]; format: (v: number) => string }) {
  const known = values.filter((v): v is number => v !== null);
  if (known.length < 2) return null;
  const W = 240;
  const H = 36;
  const max = Math.max(...known, 1);
  const step = W / Math.max(1, values.length - 1);
  const segments: string[] = [];
  let current: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (current.length > 1) segments.push(current.join(" "));
      current = [];
      return;
    }
    current.push(`${(i * step).toFixed(1)},${(H - 2 - (v / max) * (H - 4)).toFixed(1)}`);
  });
  if (current.length > 1) segments.push(current.join(" "));
  const latest = known[known.length - 1]!;
  const description = `${label}: now ${format(latest)}, highest ${format(max)} over the last ${values.length} samples`;
  return (
    <figure className="flex items-center gap-3 text-xs text-neutral-600">
      <svg
        role="img"
        aria-label={description}
        width={W}
        height={H}
        viewBox={`0 0 ${W} ${H}`}
        className="rounded border border-neutral-200 bg-white text-sky-700"
      >
        {segments.map((points) => (
          <polyline key={points} points={points} fill="none" stroke="currentColor" strokeWidth={1.5} />
        ))}
      </svg>
      <figcaption>
        {label}: <span className="tabular-nums text-neutral-900">{format(latest)}</span> (max {format(max)})
      </figcaption>
    </figure>
  );
}
