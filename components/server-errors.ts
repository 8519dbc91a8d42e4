import { ApiError, errorMessage } from "@/components/api";

/**
 * Puts a refused submission's field errors under their fields and returns the message for the
 * form's alert: the server's message plus any field errors that had no field to go under.
 * `place` returns false for a field the form does not show.
 */
export function placeServerErrors(err: unknown, place: (field: string, message: string) => boolean): string {
  if (!(err instanceof ApiError)) return errorMessage(err);
  const unplaced: string[] = [];
  for (const [field, messages] of Object.entries(err.fields)) {
    const message = messages.join(" ");
    if (!place(field, message)) unplaced.push(`${field}: ${message}`);
  }
  return [err.message, ...unplaced].join(" ");
}
