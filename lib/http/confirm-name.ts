import { confirmNameHint, confirmsName } from "@/lib/domain/confirm-name";
import { AppError } from "@/lib/errors/app-error";

/**
 * Refuses a destructive action whose typed confirmation is not the target's name: 400 naming what
 * to type, under the request's `field`, before anything is changed.
 */
export function assertNameConfirmed(opts: { typed: string; name: string; what: string; field: string }): void {
  if (confirmsName(opts.typed, opts.name)) return;
  const hint = confirmNameHint(opts.what, opts.name, opts.typed);
  throw new AppError("validation_failed", `${hint} Nothing was changed.`, { [opts.field]: [hint] });
}
