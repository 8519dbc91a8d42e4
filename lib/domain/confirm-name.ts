import { z } from "zod";

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
  return typed === "" ? `Type the ${what}'s name, “${name}”, to confirm.` : `That is not the ${what}'s name: type “${name}” exactly to confirm.`;
}
