import type { FieldPath, FieldValues, UseFormSetError } from "react-hook-form";
import { ApiError, errorMessage } from "@/components/ui/api";

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

/**
 * placeServerErrors for a react-hook-form form: an error about one of `fields` goes under that
 * field, the rest into the returned message for the form's alert.
 */
export function placeFormErrors<T extends FieldValues>(err: unknown, fields: Iterable<string>, setError: UseFormSetError<T>): string {
  const known = new Set(fields);
  return placeServerErrors(err, (field, message) => {
    if (!known.has(field)) return false;
    setError(field as FieldPath<T>, { type: "server", message });
    return true;
  });
}
