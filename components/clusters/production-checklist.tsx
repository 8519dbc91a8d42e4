import type { ChecklistItem } from "@/lib/domain/production-checklist";
import { StatusDot } from "@/components/ui/status-badge";

/** The production checklist: each item green or red, with the reason and, when red, the fix. */
export function ProductionChecklist({ items }: { items: ChecklistItem[] }) {
  const met = items.filter((i) => i.ok).length;
  return (
    <div>
      <p className="mb-2 text-sm text-neutral-600">
        {met} of {items.length} met.
      </p>
      <ul aria-label="Production checklist" className="divide-y divide-neutral-100 rounded border border-neutral-200 bg-white text-sm">
        {items.map((i) => (
          <li key={i.key} className="flex gap-2 px-3 py-2" data-ok={i.ok}>
            <StatusDot tone={i.ok ? "green" : "red"} className="mt-1.5" />
            <div className="min-w-0">
              <p className="font-medium">
                {i.label} <span className="sr-only">{i.ok ? "(met)" : "(not met)"}</span>
              </p>
              <p className="text-neutral-700">{i.detail}</p>
              {i.fix ? <p className="text-neutral-600">Fix: {i.fix}</p> : null}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
