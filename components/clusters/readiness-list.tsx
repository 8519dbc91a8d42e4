import type { ReadinessFix, ReadinessItem, ReadinessStatus } from "@/lib/domain/readiness";
import { StatusDot, toneTextClass, type Tone } from "@/components/ui/status-badge";

const STATUS: Record<ReadinessStatus, { tone: Tone; word: string }> = {
  ok: { tone: "green", word: "OK" },
  warn: { tone: "amber", word: "Warning" },
  fail: { tone: "red", word: "Failed" },
  unknown: { tone: "grey", word: "Unknown" },
};

/** What the last check found, item by item, with the fix for anything that is not right. */
export function ReadinessList({ items }: { items: readonly ReadinessItem[] }) {
  return (
    <ul aria-label="Readiness" className="divide-y divide-neutral-200 rounded border border-neutral-200 bg-white">
      {items.map((item) => (
        <ReadinessRow key={item.key} item={item} />
      ))}
    </ul>
  );
}

function ReadinessRow({ item }: { item: ReadinessItem }) {
  const s = STATUS[item.status];
  return (
    <li className="grid grid-cols-[6rem_1fr] items-start gap-x-3 px-3 py-2.5 sm:grid-cols-[6rem_11rem_1fr]">
      <span className={`flex items-center gap-1.5 pt-0.5 text-xs font-semibold uppercase tracking-wide ${toneTextClass(s.tone)}`}>
        <StatusDot tone={s.tone} />
        {s.word}
      </span>
      <span className="text-sm font-medium text-neutral-900">{item.label}</span>
      <div className="col-span-2 mt-0.5 min-w-0 sm:col-span-1 sm:mt-0">
        <p className="text-sm text-neutral-700 break-words">{item.detail}</p>
        {item.fix ? <FixBox fix={item.fix} tone={s.tone} /> : null}
      </div>
    </li>
  );
}

function FixBox({ fix, tone }: { fix: ReadinessFix; tone: Tone }) {
  const border =
    tone === "red"
      ? "border-red-300 bg-red-50/60"
      : tone === "amber"
        ? "border-amber-300 bg-amber-50/60"
        : "border-neutral-300 bg-neutral-50";
  return (
    <div className={`mt-2 rounded border-l-4 border ${border} px-3 py-2 text-sm`}>
      <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-neutral-600">Fix</p>
      <p className="text-neutral-800">{fix.advice}</p>
      {fix.command ? (
        <pre className="mt-1 overflow-x-auto rounded bg-neutral-900 px-2.5 py-1.5 font-mono text-xs leading-relaxed whitespace-pre-wrap break-words text-neutral-100">
          <code>{fix.command}</code>
        </pre>
      ) : null}
      {fix.after ? <p className="mt-1 text-neutral-800">{fix.after}</p> : null}
    </div>
  );
}
