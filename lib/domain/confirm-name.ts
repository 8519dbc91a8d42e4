import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";

/**
 * Typed-name confirmation for destructive actions (restore in place, delete a cluster, delete a
 * backup): the user types the target's name and the server compares it with the stored one, so a
 * script or a stale browser tab cannot overwrite or delete the wrong thing by id alone.
 *
 * The schema accepts a missing value ("" then), so the server's answer can say which name to type:
 * only the verb that loaded the target knows it.
 */
export const confirmNameInput = z.string().max(1000, "That is longer than any name Wayback stores.").default("");

/** `?confirm=<name>` for DELETE routes, which carry no body. */
export const confirmQuery = z.object({ confirm: confirmNameInput });

/** Exact match: no trimming or case folding, "Prod" and "prod " are other names. */
export function confirmsName(typed: string, name: string): boolean {
  return typed === name;
}

/** What to tell a user whose confirmation is missing or wrong: names what to type. */
export function confirmNameHint(what: string, name: string, typed: string): string {
  return typed === ""
    ? `Type the ${what}'s name, “${name}”, to confirm.`
    : `That is not the ${what}'s name: type “${name}” exactly to confirm.`;
}

/**
 * Refuses a destructive action whose typed confirmation is not the target's name: 400 naming what
 * to type, under the request's `field`, before anything is changed.
 */
export function assertNameConfirmed(opts: { typed: string; name: string; what: string; field: string }): void {
  if (confirmsName(opts.typed, opts.name)) return;
  const hint = confirmNameHint(opts.what, opts.name, opts.typed);
  throw new AppError("validation_failed", `${hint} Nothing was changed.`, { [opts.field]: [hint] });
}
