/**
 * Why a single sign-on did not sign someone in. The callback answers with the status and sends
 * the browser to /login?sso=<reason>, where the message is shown: a fixed text per reason, so
 * nothing in the URL is ever displayed as it is.
 */
export const OIDC_FAILURES = {
  expired: {
    status: 400,
    message: "The sign-in took too long or was started in another browser tab. Start it again.",
  },
  denied: { status: 401, message: "The identity provider did not sign you in." },
  invalid: {
    status: 401,
    message:
      "The identity provider's answer could not be verified, so you were not signed in. Try again; if it repeats, tell your administrator.",
  },
  unreachable: { status: 503, message: "The identity provider cannot be reached. Try again in a moment." },
  no_role: {
    status: 403,
    message: "Your account has no Wayback role: none of your groups is mapped to one. Ask your administrator for access.",
  },
  name_taken: {
    status: 409,
    message:
      "Another Wayback account already has your user name. An administrator removes or renames it before you can sign in with single sign-on.",
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type OidcFailure = keyof typeof OIDC_FAILURES;

export function isOidcFailure(value: unknown): value is OidcFailure {
  return typeof value === "string" && Object.hasOwn(OIDC_FAILURES, value);
}

/** A sign-in that stopped for one of the reasons above; `detail` is for the log, never the user. */
export class OidcFailureError extends Error {
  constructor(
    readonly reason: OidcFailure,
    detail: string,
    /** Who tried, when the provider said so (for the audit log). */
    readonly username?: string,
  ) {
    super(detail);
    this.name = "OidcFailureError";
  }
}
