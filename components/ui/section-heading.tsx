import type { ReactNode } from "react";

/** The small upper-case heading of a page section; `id` labels the section for screen readers. */
export function SectionHeading({ id, children }: { id: string; children: ReactNode }) {
  return (
    <h2 id={id} className="mb-2 text-sm font-semibold uppercase tracking-wide text-neutral-500">
      {children}
    </h2>
  );
}
