import type { ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";

/**
 * A list loaded by a query, in its three states: the rows (or an empty-state note), the load
 * error, or "Loading …".
 */
export function QueryList<T>({
  query,
  what,
  empty,
  children,
}: {
  query: UseQueryResult<T[]>;
  what: string;
  empty: ReactNode;
  children: (rows: T[]) => ReactNode;
}) {
  if (query.data) {
    return query.data.length > 0 ? (
      children(query.data)
    ) : (
      <p className="rounded border border-dashed border-neutral-300 bg-white px-3 py-4 text-sm text-neutral-600">{empty}</p>
    );
  }
  if (query.isError) return <ErrorAlert title={`Could not load the ${what}.`} message={errorMessage(query.error)} />;
  return <p className="text-sm text-neutral-500">Loading {what}…</p>;
}
