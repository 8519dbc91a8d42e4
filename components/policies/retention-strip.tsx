"use client";

import type { RepositoryPreviewView } from "@/lib/retention/retention-view";
import { formatLocalTick } from "@/components/ui/format";
import { useElementWidth } from "@/components/ui/use-element-width";

const H = 56;
const AXIS_Y = 30;
const PAD = 8;

/**
 * The preview as a picture: every backup on a time axis up to now, kept (green dot) or expiring
 * (red ring), and the band of moments that stay recoverable once the plan is applied.
 */
export function RetentionStrip({ preview: p }: { preview: RepositoryPreviewView }) {
  const now = Date.parse(p.now);
  const [ref, width] = useElementWidth<HTMLDivElement>(480);
  const dated = p.backups.filter((b) => b.stopTime !== null).map((b) => ({ ...b, at: Date.parse(b.stopTime!) }));
  if (dated.length === 0) return null;
  const from = Math.min(...dated.map((b) => b.at));
  const span = Math.max(now - from, 60_000);
  const x = (t: number) => PAD + ((t - from) / span) * (width - 2 * PAD);
  const after = p.recoverableSince.after ? Date.parse(p.recoverableSince.after) : null;
  const multiDay = span > 86_400_000;
  const kept = dated.filter((b) => b.keep).length;
  return (
    <div ref={ref} className="w-full">
      <svg
        width={width}
        height={H}
        role="img"
        aria-label={`${kept} backups kept and ${dated.length - kept} expiring on a time axis; recoverable band from the oldest kept backup to now`}
      >
        {after !== null ? (
          <rect x={x(after)} y={AXIS_Y - 8} width={Math.max(2, x(now) - x(after))} height={16} className="fill-emerald-100" />
        ) : null}
        <line x1={PAD} x2={width - PAD} y1={AXIS_Y} y2={AXIS_Y} className="stroke-neutral-300" />
        {dated.map((b) => (
          <circle
            key={b.id}
            cx={x(b.at)}
            cy={AXIS_Y}
            r={5}
            className={b.keep ? "fill-emerald-600" : "fill-white stroke-red-600"}
            strokeWidth={2}
          >
            <title>{`${b.label}: ${b.keep ? "kept" : "expires"} (${b.reasons.join(", ")})`}</title>
          </circle>
        ))}
        <text x={PAD} y={H - 4} className="fill-neutral-500 text-[10px]">
          {formatLocalTick(from, multiDay)}
        </text>
        <text x={width - PAD} y={H - 4} textAnchor="end" className="fill-neutral-500 text-[10px]">
          now
        </text>
      </svg>
    </div>
  );
}
