import type { ReactNode } from "react";

export interface Column {
  label: string;
  /** Numbers read best right-aligned. */
  numeric?: boolean;
  /** Named for screen readers only (a column of buttons, say). */
  hidden?: boolean;
}

/**
 * The dashboard's table: bordered, scrolls sideways on narrow screens, a caption for screen
 * readers (and tests), one header row; the caller renders the body rows.
 */
export function DataTable({
  caption,
  columns,
  children,
}: {
  caption: string;
  columns: readonly (Column | false | null)[];
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto rounded border border-neutral-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-neutral-200 bg-neutral-50 text-xs uppercase tracking-wide text-neutral-500">
          <tr>
            {columns.map((c) =>
              c ? (
                <th key={c.label} scope="col" className={`px-3 py-2 font-medium${c.numeric ? " text-right" : ""}`}>
                  {c.hidden ? <span className="sr-only">{c.label}</span> : c.label}
                </th>
              ) : null,
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-neutral-100">{children}</tbody>
      </table>
    </div>
  );
}
