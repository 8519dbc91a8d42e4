export type Tone = "green" | "amber" | "red" | "grey" | "blue";

const BADGE: Record<Tone, string> = {
  green: "bg-green-50 text-green-800 ring-green-600/30",
  amber: "bg-amber-50 text-amber-900 ring-amber-600/40",
  red: "bg-red-50 text-red-800 ring-red-600/30",
  grey: "bg-neutral-100 text-neutral-700 ring-neutral-500/30",
  blue: "bg-sky-50 text-sky-800 ring-sky-600/30",
};

const DOT: Record<Tone, string> = {
  green: "bg-green-600",
  amber: "bg-amber-500",
  red: "bg-red-600",
  grey: "bg-neutral-400",
  blue: "bg-sky-500 animate-pulse",
};

/** A small colored pill with a status word. The word carries the meaning; color only repeats it. */
export function StatusBadge({ tone, children }: { tone: Tone; children: React.ReactNode }) {
  return (
    <span className={`inline-flex items-center gap-1.5 rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${BADGE[tone]}`}>
      <StatusDot tone={tone} />
      {children}
    </span>
  );
}

/** A colored dot, hidden from assistive technology (pair it with text). */
export function StatusDot({ tone, className = "" }: { tone: Tone; className?: string }) {
  return <span aria-hidden="true" className={`inline-block size-2 shrink-0 rounded-full ${DOT[tone]} ${className}`} />;
}
