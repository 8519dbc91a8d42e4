import { formatLocalTime, formatUtcTime } from "@/components/ui/format";
import { buttonClass } from "@/components/ui/button-styles";
import type { RestoreRefusal } from "@/components/restores/restore-refusal";

/** The recoverable moments closest to a refused target, as buttons that put that moment in the form. */
export function NearestMoments({ refusal, onUse }: { refusal: RestoreRefusal; onUse: (iso: string) => void }) {
  const moments = [
    { iso: refusal.nearestBefore, which: "nearest earlier moment" },
    { iso: refusal.nearestAfter, which: "nearest later moment" },
  ].filter((m): m is { iso: string; which: string } => m.iso !== null);
  if (moments.length === 0) return null;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <span className="text-neutral-700">Recoverable instead:</span>
      {moments.map((m) => (
        <button key={m.which} type="button" className={buttonClass("secondary")} title={formatUtcTime(m.iso)} onClick={() => onUse(m.iso)}>
          <span className="whitespace-normal text-left">
            Use {formatLocalTime(m.iso)} ({m.which})
          </span>
        </button>
      ))}
    </div>
  );
}
