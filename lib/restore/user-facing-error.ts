import { UnrecoverableError } from "bullmq";

/** A restore that cannot go ahead for a reason the user can fix; retrying would not help. */
export class UserFacingError extends UnrecoverableError {}
