import { UnrecoverableError } from "bullmq";

/** A restore that cannot go ahead for a reason the user can fix; retrying would not help. */
export class UserFacingError extends UnrecoverableError {}

/** An action on a restored copy whose server is down: connecting would only say ENOENT. */
export function copyNotRunningError(socketFile: string): UserFacingError {
  return new UserFacingError(`The copy's server is not running (no socket at ${socketFile}): start it again or discard the copy.`);
}
