import { ApiError } from "@/components/ui/api";

/** A restore the server refused (422 not_ready): why, and the recoverable moments around the target. */
export interface RestoreRefusal {
  message: string;
  nearestBefore: string | null;
  nearestAfter: string | null;
}

export function restoreRefusal(err: unknown): RestoreRefusal | null {
  if (!(err instanceof ApiError) || err.status !== 422) return null;
  // A chosen repository that lacks the target is that field's error, not the target's.
  if (err.fields.repositoryId && !err.fields.target) return null;
  const iso = (v: unknown) => (typeof v === "string" && !Number.isNaN(Date.parse(v)) ? v : null);
  return {
    message: err.fields.target?.join(" ") || err.message,
    nearestBefore: iso(err.details.nearestBefore),
    nearestAfter: iso(err.details.nearestAfter),
  };
}
