import type { ActivityMinute } from "@/lib/wal-activity/get-activity";

const WIDTH = 800;
const HEIGHT = 160;
const PAD = 24;

/**
 * Rows deleted (red) and updated (amber) per minute as stacked bars over the window, truncates,
 * drops and rewrites as marks above them. Drawn in SVG like the recovery timeline.
 */
export function ActivityChart({ minutes, from, to }: { minutes: ActivityMinute[]; from: string; to: string }) {
  const start = Date.parse(from);
  const span = Math.max(60_000, Date.parse(to) - start);
  const max = Math.max(1, ...minutes.map((m) => m.deleted + m.updated));
  const x = (iso: string) => PAD + ((Date.parse(iso) - start) / span) * (WIDTH - 2 * PAD);
  const barWidth = Math.max(2, ((WIDTH - 2 * PAD) * 60_000) / span);
  const h = (n: number) => (n / max) * (HEIGHT - 2 * PAD);
  return (
    <svg
      role="img"
      aria-label={`Rows deleted and updated per minute, ${minutes.length} minutes with activity; at most ${max} rows in one minute`}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      className="w-full rounded border border-neutral-200 bg-white"
    >
      <line x1={PAD} x2={WIDTH - PAD} y1={HEIGHT - PAD} y2={HEIGHT - PAD} className="stroke-neutral-300" />
      {minutes.map((m) => (
        <g key={m.minute}>
          <title>{`${m.minute}: ${m.deleted} deleted, ${m.updated} updated, ${m.truncates} truncates, ${m.drops} drops`}</title>
          <rect x={x(m.minute)} width={barWidth} y={HEIGHT - PAD - h(m.deleted)} height={h(m.deleted)} className="fill-red-600" />
          <rect
            x={x(m.minute)}
            width={barWidth}
            y={HEIGHT - PAD - h(m.deleted) - h(m.updated)}
            height={h(m.updated)}
            className="fill-amber-500"
          />
          {m.truncates + m.drops + m.rewrites > 0 && (
            <path d={`M ${x(m.minute)} ${PAD - 4} l 5 -8 l 5 8 z`} className={m.drops > 0 ? "fill-neutral-900" : "fill-purple-700"} />
          )}
        </g>
      ))}
      <text x={PAD} y={HEIGHT - 6} className="fill-neutral-500 text-[10px]">
        {new Date(start).toISOString().slice(0, 16).replace("T", " ")} UTC
      </text>
      <text x={WIDTH - PAD} y={HEIGHT - 6} textAnchor="end" className="fill-neutral-500 text-[10px]">
        {to.slice(0, 16).replace("T", " ")} UTC
      </text>
      <text x={PAD} y={14} className="fill-neutral-500 text-[10px]">
        {max} rows/min
      </text>
    </svg>
  );
}
