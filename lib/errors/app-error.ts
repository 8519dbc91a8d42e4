/**
 * Errors a user can cause and fix: each code maps to one HTTP status. Anything else thrown in a
 * route handler is a bug and becomes a 500 with no details.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_credentials: 401,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  not_ready: 422,
  rate_limited: 429,
  service_unavailable: 503,
  /** A catalog row this version cannot read (an older shape): the operator migrates or removes it. */
  stored_row_unreadable: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldErrors,
    /** Machine-readable facts for the client, e.g. the id of the job already running. */
    readonly details?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} was not found.`);
