/**
 * What a service said when it refused a request, from its JSON error body: PagerDuty
 * `{message, errors: [..]}`, Opsgenie `{message, errors: {field: ..}}`, Discord `{message, code}`,
 * a Teams flow `{error: {code, message}}`. Null when the body is not JSON or says nothing readable.
 */
export function serviceMessage(text: string): string | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!v || typeof v !== "object") return null;
  const o = v as { message?: unknown; errors?: unknown; error?: { message?: unknown } };
  const message = typeof o.message === "string" ? o.message : typeof o.error?.message === "string" ? o.error.message : null;
  const errors = Array.isArray(o.errors)
    ? o.errors.filter((e): e is string => typeof e === "string")
    : o.errors && typeof o.errors === "object"
      ? Object.entries(o.errors).map(([k, e]) => `${k}: ${typeof e === "string" ? e : JSON.stringify(e)}`)
      : [];
  const parts = [message, errors.join("; ")].filter((p): p is string => !!p);
  return parts.length > 0 ? parts.join(": ") : null;
}
