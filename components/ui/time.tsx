import { formatLocalTime, formatUtcTime } from "@/components/ui/format";

/** A timestamp in local time, with the UTC value on hover; "—" when absent. */
export function Time({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span className="text-neutral-400">—</span>;
  return (
    <time dateTime={iso} title={formatUtcTime(iso)} className="tabular-nums">
      {formatLocalTime(iso)}
    </time>
  );
}
