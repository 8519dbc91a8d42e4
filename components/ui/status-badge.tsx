export type Tone = "green" | "amber" | "red" | "grey" | "blue";

/** A status in a word or two, and the colour it shows in. */
export interface StatusLabel {
  label: string;
  tone: Tone;
}

/**
 * The one status→colour map: every badge, dot and status figure takes its colour from here, so
 * green means "good", amber "needs a look", red "broken", blue "in progress" and grey "nothing
 * yet" on every page.
 */
const TONES: Record<Tone, { badge: string; dot: string; text: string }> = {
  green: { badge: "bg-green-50 text-green-800 ring-green-600/30", dot: "bg-green-600", text: "text-green-800" },
  amber: { badge: "bg-amber-50 text-amber-900 ring-amber-600/40", dot: "bg-amber-500", text: "text-amber-800" },
  red: { badge: "bg-red-50 text-red-800 ring-red-600/30", dot: "bg-red-600", text: "text-red-700" },
  grey: { badge: "bg-neutral-100 text-neutral-700 ring-neutral-500/30", dot: "bg-neutral-400", text: "text-neutral-600" },
  blue: { badge: "bg-sky-50 text-sky-800 ring-sky-600/30", dot: "bg-sky-500 animate-pulse", text: "text-sky-800" },
};

/** The text colour of a tone, for a status figure written without a badge. */
export function toneTextClass(tone: Tone): string {
  return TONES[tone].text;
}

/** A small colored pill with a status word. The word carries the meaning; color only repeats it. */
export function StatusBadge({ tone, children }: { tone: Tone; children: React.ReactNode }) {
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${TONES[tone].badge}`}
    >
      <StatusDot tone={tone} />
      {children}
    </span>
  );
}

/** A colored dot, hidden from assistive technology (pair it with text). */
export function StatusDot({ tone, className = "" }: { tone: Tone; className?: string }) {
  return <span aria-hidden="true" className={`inline-block size-2 shrink-0 rounded-full ${TONES[tone].dot} ${className}`} />;
}
