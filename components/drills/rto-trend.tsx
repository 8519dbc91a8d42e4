import type { DrillView } from "@/lib/drills/drill-view";
import { formatDuration } from "@/components/ui/format";

const W = 320;
const H = 64;

/**
 * Measured recovery time (base restore + WAL replay) of the last drills as bars, oldest left:
 * green passed, red failed. Small enough for the cluster page; the numbers are in the table below.
 */
export function RtoTrend({ drills }: { drills: readonly DrillView[] }) {
  const points = drills
    .filter((d) => d.timings.baseMs !== null && d.timings.replayMs !== null)
    .slice(0, 20)
    .reverse()
    .map((d) => ({ id: d.id, ms: d.timings.baseMs! + d.timings.replayMs!, passed: d.status === "passed", at: d.createdAt }));
  if (points.length < 2) return null;
  const max = Math.max(...points.map((p) => p.ms));
  const step = W / points.length;
  return (
    <figure className="rounded border border-neutral-200 bg-white px-3 py-2">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width={W}
        height={H}
        role="img"
        aria-label={`Recovery time of the last ${points.length} drills, longest ${formatDuration(max)}`}
      >
        {points.map((p, i) => {
          const h = Math.max(2, (p.ms / max) * (H - 4));
          return (
            <rect
              key={p.id}
              x={i * step + 2}
              y={H - h}
              width={Math.max(2, step - 4)}
              height={h}
              className={p.passed ? "fill-emerald-500" : "fill-red-500"}
            >
              <title>{`${formatDuration(p.ms)} — ${new Date(p.at).toLocaleString()}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="text-xs text-neutral-500">
        Recovery time per drill (base restore + WAL replay), longest {formatDuration(max)}
      </figcaption>
    </figure>
  );
}
